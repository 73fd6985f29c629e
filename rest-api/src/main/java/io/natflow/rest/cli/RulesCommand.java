package io.natflow.rest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code natflow rules list|show|add|insert|delete|move|sessions}: the ordered NAT rules, in the
 * spirit of ipnatadm.
 */
@Command(
        name = "rules",
        description = "List, show, add, insert, delete and move NAT rules (first match wins).",
        subcommands = {
            RulesCommand.ListRules.class,
            RulesCommand.Show.class,
            RulesCommand.Add.class,
            RulesCommand.Insert.class,
            RulesCommand.Delete.class,
            RulesCommand.Move.class,
            VirtualServerSessionsCommand.class
        })
final class RulesCommand {

    static void table(Iterable<JsonNode> rules, PrintWriter out) {
        TextTable t = new TextTable(
                "POS",
                "NUM",
                "KIND",
                "DIR",
                "PROTO",
                "FROM",
                "TO",
                "IN",
                "OUT",
                "TRANSLATION",
                "FLAGS",
                "PACKETS",
                "BYTES",
                "DECIDED",
                "DESCRIPTION");
        for (JsonNode r : rules) {
            t.row(
                    r.path("position").asInt(),
                    r.has("number") ? r.path("number").asText() : "-", // a leased forward has none
                    ApiCommand.text(r, "kind"),
                    ApiCommand.text(r, "direction"),
                    ApiCommand.text(r, "protocol"),
                    endpoint(r, "source", "sourcePorts"),
                    endpoint(r, "destination", "destinationPorts"),
                    or(ApiCommand.text(r, "inPort")),
                    or(ApiCommand.text(r, "outPort")),
                    translation(r),
                    flags(r),
                    r.path("packets").asLong(),
                    r.path("bytes").asLong(),
                    r.path("decided").asLong(),
                    ApiCommand.text(r, "description"));
        }
        t.print(out);
    }

    private static String endpoint(JsonNode r, String address, String ports) {
        if (address.equals("destination") && "dnat".equals(ApiCommand.text(r, "kind"))) {
            return endpoint(r, "publicAddress", "publicPorts");
        }
        String p = ApiCommand.text(r, ports);
        return ApiCommand.text(r, address) + (p == null || p.equals("any") ? "" : " port " + p);
    }

    private static String or(String s) {
        return s == null ? "any" : s;
    }

    private static String translation(JsonNode r) {
        return switch (String.valueOf(ApiCommand.text(r, "kind"))) {
            case "static" -> ApiCommand.text(r, "privateAddress") + " <-> " + ApiCommand.text(r, "publicAddress");
            case "masquerade" -> "to the public addresses";
            case "vserver" ->
                ApiCommand.text(r, "publicAddress") + ":" + r.path("publicPort").asInt() + " -> "
                        + String.join(",", servers(r)) + " (" + ApiCommand.text(r, "scheduler") + ")";
            case "skip" -> "none";
            case "dnat" ->
                "to " + ApiCommand.text(r, "internalAddress") + " port " + ApiCommand.text(r, "internalPort");
            default -> "-";
        };
    }

    private static List<String> servers(JsonNode r) {
        List<String> out = new java.util.ArrayList<>();
        r.path("servers").forEach(s -> out.add(s.asText()));
        return out;
    }

    private static String flags(JsonNode r) {
        StringBuilder b = new StringBuilder(r.path("reverse").asBoolean() ? "reverse" : "");
        if (r.has("source") && r.has("forward")) { // a dnat rule: which forward, from where
            b.append("forward ")
                    .append(r.path("forward").asText())
                    .append(" (")
                    .append(r.path("source").asText())
                    .append(')');
        }
        for (JsonNode f : r.path("flags")) {
            b.append(b.length() == 0 ? "" : ",").append(f.asText());
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    static String summary(JsonNode r) {
        if ("dnat".equals(ApiCommand.text(r, "kind"))) {
            return "rule " + r.path("number").asInt() + ": dnat " + ApiCommand.text(r, "protocol") + " "
                    + endpoint(r, "publicAddress", "publicPorts") + " " + translation(r) + " (forward "
                    + r.path("forward").asText() + ")";
        }
        return "rule " + r.path("number").asInt() + " at position "
                + r.path("position").asInt() + ": "
                + ApiCommand.text(r, "kind") + " " + ApiCommand.text(r, "direction") + " from "
                + endpoint(r, "source", "sourcePorts") + " to " + endpoint(r, "destination", "destinationPorts");
    }

    static final class Switch {
        @Option(names = "--switch", paramLabel = "DPID", description = "needed only with several NAT routers")
        String id;
    }

    /** Where a rule goes: a position (0 = first) or before a rule number; default the end. */
    static final class Where {
        @Option(names = "--position", paramLabel = "N", description = "at position N (0 = first)")
        Integer position;

        @Option(names = "--before", paramLabel = "NUMBER", description = "just before rule NUMBER")
        Integer before;

        void put(Map<String, Object> q) {
            q.put("position", position);
            q.put("before", before);
        }
    }

    /** The rule's fields as options; left out = any. */
    static class RuleOptions {
        @Option(names = "--number", paramLabel = "N", description = "its number (default: the next ten)")
        Integer number;

        @Option(names = "--direction", paramLabel = "DIR", description = "outbound (default) or inbound")
        String direction;

        @Option(
                names = {"-s", "--source"},
                paramLabel = "PREFIX",
                description = "e.g. 10.0.0.0/24")
        String source;

        @Option(
                names = {"-t", "--destination"},
                paramLabel = "PREFIX",
                description = "e.g. 198.51.100.80")
        String destination;

        @Option(names = "--sport", paramLabel = "PORTS", description = "source port or range (tcp/udp)")
        String sourcePorts;

        @Option(names = "--dport", paramLabel = "PORTS", description = "destination port or range (tcp/udp)")
        String destinationPorts;

        @Option(
                names = {"-p", "--protocol"},
                paramLabel = "PROTO",
                description = "tcp, udp, icmp or any")
        String protocol;

        @Option(names = "--in", paramLabel = "PORT", description = "arrival switch port, by name")
        String inPort;

        @Option(names = "--out", paramLabel = "PORT", description = "leaving switch port, by name")
        String outPort;

        @Option(names = "--reverse", description = "match the reverse direction too")
        boolean reverse;

        @Option(names = "--disabled", description = "keep it in the list, matching nothing")
        boolean disabled;

        @Option(names = "--private", paramLabel = "IP", description = "static: the LAN host")
        String privateAddress;

        @Option(
                names = "--public",
                paramLabel = "IP",
                description =
                        "static: its public address; vserver: its address; dnat: one of the router's (default the first)")
        String publicAddress;

        @Option(names = "--public-port", paramLabel = "PORT", description = "vserver: the public port")
        Integer publicPort;

        @Option(
                names = "--server",
                paramLabel = "IP:PORT",
                split = ",",
                description = "vserver: a real server (repeat, or comma-separated)")
        List<String> servers;

        @Option(
                names = "--scheduler",
                paramLabel = "HOW",
                description = "vserver: round-robin (default) or source-hash")
        String scheduler;

        @Option(names = "--public-ports", paramLabel = "PORTS", description = "dnat: the public port or range")
        String publicPorts;

        @Option(names = "--internal", paramLabel = "IP", description = "dnat: the LAN host")
        String internalAddress;

        @Option(
                names = "--internal-port",
                paramLabel = "PORTS",
                description = "dnat: its port (the first of a range; default: the public ports)")
        String internalPort;

        @Option(
                names = {"-d", "--description"},
                paramLabel = "TEXT",
                description = "what it is for")
        String description;

        ObjectNode body(String kind) {
            ObjectNode b = ApiClient.JSON.createObjectNode().put("kind", kind);
            if (number != null) {
                b.put("number", number);
            }
            put(b, "direction", direction);
            put(b, "source", source);
            put(b, "destination", destination);
            put(b, "sourcePorts", sourcePorts);
            put(b, "destinationPorts", destinationPorts);
            put(b, "protocol", protocol);
            put(b, "inPort", inPort);
            put(b, "outPort", outPort);
            put(b, "privateAddress", privateAddress);
            put(b, "publicAddress", publicAddress);
            put(b, "publicPorts", publicPorts);
            put(b, "internalAddress", internalAddress);
            put(b, "internalPort", internalPort);
            put(b, "description", description);
            put(b, "scheduler", scheduler);
            if (publicPort != null) {
                b.put("publicPort", publicPort);
            }
            if (servers != null) {
                ArrayNode list = b.putArray("servers");
                servers.forEach(list::add);
            }
            if (reverse) {
                b.put("reverse", true);
            }
            if (disabled) {
                b.putArray("flags").add("disabled");
            }
            return b;
        }

        private static void put(ObjectNode b, String field, String value) {
            if (value != null) {
                b.put(field, value);
            }
        }
    }

    @Command(name = "list", aliases = "ls", description = "List the rules in order, with their counters.")
    static final class ListRules extends ApiCommand {
        @ArgGroup(exclusive = false)
        Switch sw = new Switch();

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", sw.id);
            return api.get("/api/rules" + ApiClient.query(q));
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            table(answer.path("rules"), out);
            if (!answer.path("countersFromSwitch").asBoolean()) {
                out.println("(the switch is not connected: packet and byte counters are 0)");
            }
            out.flush();
        }
    }

    @Command(name = "show", description = "Show one rule.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NUMBER", description = "rule number")
        String number;

        @ArgGroup(exclusive = false)
        Switch sw = new Switch();

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", sw.id);
            return api.get("/api/rules/" + ApiClient.segment(number) + ApiClient.query(q));
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            table(List.of(answer), out);
        }
    }

    @Command(
            name = "add",
            description = {
                "Add a rule at the end (or --position N / --before NUMBER).",
                "KIND: masquerade, static, vserver, skip, drop, or dnat (a port forward: /api/forwards lists it too).",
                "Example: natflow rules add skip -t 198.51.100.80 --before 100 -d 'srv sees us as we are'",
                "         natflow rules add static --private 10.0.0.13 --public 203.0.113.13 --position 0",
                "         natflow rules add vserver -p tcp --public 203.0.113.80 --public-port 80 \\",
                "             --server 10.0.0.11:8080,10.0.0.12:8080 --scheduler source-hash --position 0",
                "         natflow rules add dnat -p tcp --public-ports 2222 --internal 10.0.0.13 --internal-port 22"
            })
    static final class Add extends ApiCommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "masquerade, static, vserver, skip, drop or dnat")
        String kind;

        @ArgGroup(exclusive = true)
        Where where = new Where();

        @picocli.CommandLine.Mixin
        RuleOptions rule = new RuleOptions();

        @ArgGroup(exclusive = false)
        Switch sw = new Switch();

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", sw.id);
            where.put(q);
            return api.post("/api/rules" + ApiClient.query(q), rule.body(kind));
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            out.println("added " + summary(answer));
            out.flush();
        }
    }

    @Command(
            name = "insert",
            description = {
                "Insert a rule at a position (0 = first), as ipnatadm's insert.",
                "Example: natflow rules insert 0 skip -t 198.51.100.80"
            })
    static final class Insert extends ApiCommand {
        @Parameters(index = "0", paramLabel = "POSITION", description = "0 = first")
        int position;

        @Parameters(index = "1", paramLabel = "KIND", description = "masquerade, static, vserver, skip or drop")
        String kind;

        @picocli.CommandLine.Mixin
        RuleOptions rule = new RuleOptions();

        @ArgGroup(exclusive = false)
        Switch sw = new Switch();

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", sw.id);
            q.put("position", position);
            return api.post("/api/rules" + ApiClient.query(q), rule.body(kind));
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            out.println("inserted " + summary(answer));
            out.flush();
        }
    }

    @Command(
            name = "delete",
            aliases = {"rm", "del"},
            description = "Delete rules by number.")
    static final class Delete extends ApiCommand {
        @Parameters(arity = "1..*", paramLabel = "NUMBER", description = "rule number(s)")
        List<String> numbers;

        @ArgGroup(exclusive = false)
        Switch sw = new Switch();

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", sw.id);
            ArrayNode removed = ApiClient.JSON.createArrayNode();
            for (String n : numbers) {
                removed.add(api.delete("/api/rules/" + ApiClient.segment(n) + ApiClient.query(q)));
            }
            return numbers.size() == 1 ? removed.get(0) : removed;
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            for (JsonNode r : answer.isArray() ? answer : List.of(answer)) {
                out.println("deleted " + summary(r));
            }
            out.flush();
        }
    }

    @Command(
            name = "move",
            description = {"Move a rule: natflow rules move 50 --position 0, natflow rules move 50 --before 100"})
    static final class Move extends ApiCommand {
        @Parameters(paramLabel = "NUMBER", description = "rule number")
        String number;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Where where = new Where();

        @ArgGroup(exclusive = false)
        Switch sw = new Switch();

        @Override
        JsonNode request(ApiClient api) {
            Map<String, Object> q = ApiClient.params();
            q.put("switch", sw.id);
            where.put(q);
            return api.post(
                    "/api/rules/" + ApiClient.segment(number) + "/move" + ApiClient.query(q),
                    ApiClient.JSON.createObjectNode());
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            out.println("moved " + summary(answer));
            out.flush();
        }
    }
}
