package io.natflow.rest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code natflow mappings list|show|rm}. */
@Command(
        name = "mappings",
        description = "List, show and delete live NAT mappings.",
        subcommands = {MappingsCommand.ListMappings.class, MappingsCommand.Show.class, MappingsCommand.Remove.class})
final class MappingsCommand {

    static void table(Iterable<JsonNode> mappings, PrintWriter out) {
        TextTable t = new TextTable("ID", "PROTO", "INTERNAL", "PUBLIC", "ORIGIN", "STATE", "REMOTES", "EXPIRES");
        for (JsonNode m : mappings) {
            List<String> remotes = new java.util.ArrayList<>();
            m.path("remotes").forEach(r -> remotes.add(r.asText()));
            t.row(
                    ApiCommand.text(m, "id"),
                    ApiCommand.text(m, "protocol"),
                    ApiCommand.text(m, "internalAddress") + ":" + ApiCommand.text(m, "internalPort"),
                    ApiCommand.text(m, "publicAddress") + ":" + ApiCommand.text(m, "publicPort"),
                    ApiCommand.text(m, "origin"),
                    ApiCommand.text(m, "tcpState"),
                    String.join(",", remotes),
                    ApiCommand.text(m, "expiresAt"));
        }
        t.print(out);
    }

    /** {@code --switch}, for the commands that name one mapping. */
    static final class SwitchOption {
        @Option(names = "--switch", paramLabel = "DPID", description = "the switch, if ids repeat across routers")
        String switchId;
    }

    @Command(name = "list", aliases = "ls", description = "List mappings, filtered and paged.")
    static final class ListMappings extends ApiCommand {
        @Option(names = "--protocol", paramLabel = "P", description = "tcp, udp or icmp")
        String protocol;

        @Option(names = "--internal", paramLabel = "IP[:PORT]", description = "internal address (and port)")
        String internal;

        @Option(names = "--public-port", paramLabel = "PORT", description = "public port")
        Integer publicPort;

        @Option(names = "--switch", paramLabel = "DPID", description = "only this switch")
        String switchId;

        @Option(names = "--limit", paramLabel = "N", description = "page size, 1..1000 (default 100)")
        Integer limit;

        @Option(names = "--offset", paramLabel = "N", description = "skip this many")
        Integer offset;

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("protocol", protocol);
            q.put("internal", internal);
            q.put("publicPort", publicPort);
            q.put("switch", switchId);
            q.put("limit", limit);
            q.put("offset", offset);
            return api.get("/api/mappings" + ApiClient.query(q));
        }

        @Override
        void human(JsonNode page, PrintWriter out) {
            table(page.path("items"), out);
            int shown = page.path("items").size();
            out.printf(
                    "%d shown (offset %d) of %d matching; %d mapping(s) in total%n",
                    shown,
                    page.path("offset").asInt(),
                    page.path("matched").asLong(),
                    page.path("total").asLong());
            out.flush();
        }
    }

    /** A command about one mapping: its id and, where ids repeat across routers, the switch. */
    abstract static class OneMapping extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "mapping id")
        String id;

        @picocli.CommandLine.Mixin
        SwitchOption target;

        /** {@code /api/mappings/{id}?switch=...} */
        String path() {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", target.switchId);
            return "/api/mappings/" + ApiClient.segment(id) + ApiClient.query(q);
        }
    }

    @Command(name = "show", description = "Show a mapping with its packet and byte counters.")
    static final class Show extends OneMapping {
        @Override
        JsonNode request(ApiClient api) {
            return api.get(path());
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            table(List.of(answer.path("mapping")), out);
            JsonNode c = answer.path("counters");
            out.printf(
                    "outbound: %d packets, %d bytes; inbound: %d packets, %d bytes (%s)%n",
                    c.path("outbound").path("packets").asLong(),
                    c.path("outbound").path("bytes").asLong(),
                    c.path("inbound").path("packets").asLong(),
                    c.path("inbound").path("bytes").asLong(),
                    c.path("source").asText());
            out.flush();
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Delete a mapping: its flows go and its port is freed.")
    static final class Remove extends OneMapping {
        @Override
        JsonNode request(ApiClient api) {
            return api.delete(path());
        }

        @Override
        void human(JsonNode m, PrintWriter out) {
            out.println("deleted mapping " + text(m, "id") + ": " + text(m, "protocol") + " "
                    + text(m, "internalAddress") + ":" + text(m, "internalPort") + " <-> "
                    + text(m, "publicAddress") + ":" + text(m, "publicPort"));
            out.flush();
        }
    }
}
