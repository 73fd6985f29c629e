package io.natflow.rest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code natflow forwards list|show|add|rm}. */
@Command(
        name = "forwards",
        description = "List, show, add and remove port forwards.",
        subcommands = {
            ForwardsCommand.ListForwards.class,
            ForwardsCommand.Show.class,
            ForwardsCommand.Add.class,
            ForwardsCommand.Remove.class
        })
final class ForwardsCommand {

    static void table(Iterable<JsonNode> forwards, PrintWriter out) {
        TextTable t = new TextTable(
                "ID", "PROTO", "PUBLIC", "INTERNAL", "SOURCE", "SESSIONS", "SWITCH", "DESCRIPTION", "EXPIRES");
        for (JsonNode f : forwards) {
            t.row(
                    ApiCommand.text(f, "id"),
                    ApiCommand.text(f, "protocol"),
                    ApiCommand.text(f, "publicAddress") + ":" + ApiCommand.ports(f, "publicPort", "publicPortEnd"),
                    ApiCommand.text(f, "internalAddress") + ":"
                            + ApiCommand.ports(f, "internalPort", "internalPortEnd"),
                    ApiCommand.text(f, "source"),
                    f.path("activeSessions").asInt(),
                    ApiCommand.text(f, "datapathId"),
                    ApiCommand.text(f, "description"),
                    ApiCommand.text(f, "expiresAt"));
        }
        t.print(out);
    }

    /** "forward 3: tcp 203.0.113.1:8080 -> 10.0.0.13:80". */
    static String summary(JsonNode f) {
        return "forward " + ApiCommand.text(f, "id") + ": " + ApiCommand.text(f, "protocol") + " "
                + ApiCommand.text(f, "publicAddress") + ":" + ApiCommand.ports(f, "publicPort", "publicPortEnd")
                + " -> "
                + ApiCommand.text(f, "internalAddress") + ":" + ApiCommand.ports(f, "internalPort", "internalPortEnd");
    }

    @Command(
            name = "list",
            aliases = "ls",
            description = "List the forwards (natflow.yml's, the API's, and those hosts leased over PCP/NAT-PMP).")
    static final class ListForwards extends ApiCommand {
        @Option(names = "--switch", paramLabel = "DPID", description = "only this switch")
        String switchId;

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", switchId);
            return api.get("/api/forwards" + ApiClient.query(q));
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            table(answer, out);
        }
    }

    @Command(name = "show", description = "Show one forward.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "forward id")
        String id;

        @Override
        JsonNode request(ApiClient api) {
            return api.get("/api/forwards/" + ApiClient.segment(id));
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            table(List.of(answer), out);
        }
    }

    @Command(
            name = "add",
            description = {
                "Add a forward; it works at once and survives restarts.",
                "Example: natflow forwards add tcp 8080 10.0.0.13:80 -d 'web server'",
                "         natflow forwards add udp 5000-5009 10.0.0.12:6000"
            })
    static final class Add extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROTOCOL", description = "tcp or udp")
        String protocol;

        @Parameters(index = "1", paramLabel = "PUBLIC_PORT", description = "a port or a range, e.g. 8080 or 8000-8009")
        String publicPort;

        @Parameters(
                index = "2",
                paramLabel = "INTERNAL",
                description = "internal address and port (or range of the same length), e.g. 10.0.0.13:80")
        String internal;

        @Option(
                names = {"-d", "--description"},
                paramLabel = "TEXT",
                description = "what it is for")
        String description;

        @Option(
                names = "--public-address",
                paramLabel = "IP",
                description = "default: the router's first public address")
        String publicAddress;

        @Option(names = "--switch", paramLabel = "DPID", description = "needed only with several NAT routers")
        String switchId;

        @Override
        JsonNode request(ApiClient api) {
            int colon = internal.lastIndexOf(':');
            if (colon <= 0 || colon == internal.length() - 1) {
                throw new CliException("INTERNAL must be address:port, e.g. 10.0.0.13:80 (got '" + internal + "')");
            }
            ObjectNode body = ApiClient.JSON
                    .createObjectNode()
                    .put("protocol", protocol)
                    .put("publicPort", publicPort)
                    .put("internalAddress", internal.substring(0, colon))
                    .put("internalPort", internal.substring(colon + 1));
            if (description != null) {
                body.put("description", description);
            }
            if (publicAddress != null) {
                body.put("publicAddress", publicAddress);
            }
            if (switchId != null) {
                body.put("datapathId", switchId);
            }
            return api.post("/api/forwards", body);
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            out.println("added " + summary(answer));
            out.flush();
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove forwards; their sessions stop at once.")
    static final class Remove extends ApiCommand {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "forward id(s)")
        List<String> ids;

        @Override
        JsonNode request(ApiClient api) {
            ArrayNode removed = ApiClient.JSON.createArrayNode();
            for (String id : ids) {
                removed.add(api.delete("/api/forwards/" + ApiClient.segment(id)));
            }
            return ids.size() == 1 ? removed.get(0) : removed;
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            for (JsonNode f : answer.isArray() ? answer : List.of(answer)) {
                out.println("removed " + summary(f));
            }
            out.flush();
        }
    }
}
