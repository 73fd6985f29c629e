package io.natflow.rest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;

/** The read-only overviews: {@code natflow switches}, {@code natflow stats}, {@code natflow config}. */
final class InfoCommands {
    private InfoCommands() {}

    @Command(name = "switches", description = "List the connected switches.")
    static final class Switches extends ApiCommand {
        @Override
        JsonNode request(ApiClient api) {
            return api.get("/api/switches");
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            TextTable t = new TextTable("DATAPATH", "VERSION", "CONNECTED SINCE", "REMOTE", "PORTS");
            for (JsonNode s : answer) {
                StringBuilder ports = new StringBuilder();
                for (JsonNode p : s.path("ports")) {
                    if (ports.length() > 0) {
                        ports.append(' ');
                    }
                    ports.append(p.path("number").asLong())
                            .append(':')
                            .append(p.path("name").asText())
                            .append(p.path("linkDown").asBoolean() ? "(down)" : "");
                }
                t.row(
                        text(s, "datapathId"),
                        text(s, "ofVersion"),
                        text(s, "connectedSince"),
                        text(s, "remoteAddress"),
                        ports);
            }
            t.print(out);
        }
    }

    @Command(name = "stats", description = "Mappings, port use, rates, drops.")
    static final class Stats extends ApiCommand {
        @Override
        JsonNode request(ApiClient api) {
            return api.get("/api/stats");
        }

        @Override
        void human(JsonNode s, PrintWriter out) {
            out.printf("mappings: %d (%s)%n", s.path("mappings").asLong(), pairs(s.path("mappingsByProtocol")));
            JsonNode r = s.path("rates");
            out.printf(
                    "rates (last %.0f s): %.2f packet-in/s, %.2f flow-mod/s, %.2f packet-out/s%n",
                    r.path("windowSeconds").asDouble(),
                    r.path("packetInsPerSecond").asDouble(),
                    r.path("flowModsPerSecond").asDouble(),
                    r.path("packetOutsPerSecond").asDouble());
            JsonNode t = s.path("totals");
            out.printf(
                    "totals: %d packet-ins, %d flow-mods, %d packet-outs, %d slow-path packets, %d forward hits%n",
                    t.path("packetIns").asLong(),
                    t.path("flowMods").asLong(),
                    t.path("packetOuts").asLong(),
                    t.path("slowPathPackets").asLong(),
                    t.path("forwardHits").asLong());
            out.printf("drops: %s%n", s.path("drops").isEmpty() ? "none" : pairs(s.path("drops")));
            TextTable ports = new TextTable(
                    "SWITCH",
                    "CONNECTED",
                    "GATEWAY",
                    "ADDRESS",
                    "PROTO",
                    "USED",
                    "FORWARDED",
                    "QUARANTINED",
                    "FREE",
                    "RANGE");
            for (JsonNode sw : s.path("switches")) {
                for (JsonNode p : sw.path("ports")) {
                    ports.row(
                            text(sw, "datapathId"),
                            sw.path("connected").asBoolean() ? "yes" : "no",
                            sw.path("gatewayResolved").asBoolean() ? "resolved" : "unresolved",
                            text(p, "publicAddress"),
                            text(p, "protocol"),
                            p.path("used").asInt(),
                            p.path("forwarded").asInt(),
                            p.path("quarantined").asInt(),
                            p.path("free").asInt(),
                            p.path("rangeSize").asInt());
                }
            }
            ports.print(out);
        }

        private static String pairs(JsonNode object) {
            StringBuilder b = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(b.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(e.getValue().asText());
            }
            return b.toString();
        }
    }

    @Command(name = "config", description = "Print the controller's effective configuration (JSON).")
    static final class Config extends ApiCommand {
        @Override
        JsonNode request(ApiClient api) {
            return api.get("/api/config");
        }

        @Override
        void human(JsonNode answer, PrintWriter out) {
            json(answer, out);
        }
    }
}
