package io.natflow.rest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code natflow rules sessions NUMBER}: a virtual server's servers and which client went to which. */
@Command(
        name = "sessions",
        description = {
            "Show a virtual server rule's servers (connections chosen, live, packets, bytes) and its sessions.",
            "Example: natflow rules sessions 10 --limit 50"
        })
final class VirtualServerSessionsCommand extends ApiCommand {
    @Parameters(paramLabel = "NUMBER", description = "the vserver rule's number")
    String number;

    @Option(names = "--limit", paramLabel = "N", description = "at most N sessions (default 1000)")
    Integer limit;

    @ArgGroup(exclusive = false)
    RulesCommand.Switch sw = new RulesCommand.Switch();

    @Override
    JsonNode request(ApiClient api) {
        Map<String, Object> q = ApiClient.params();
        q.put("switch", sw.id);
        q.put("limit", limit);
        return api.get("/api/rules/" + ApiClient.segment(number) + "/sessions" + ApiClient.query(q));
    }

    @Override
    void human(JsonNode answer, PrintWriter out) {
        JsonNode rule = answer.path("rule");
        out.println("rule " + rule.path("number").asInt() + ": vserver " + text(rule, "protocol") + " "
                + text(rule, "publicAddress") + ":" + rule.path("publicPort").asInt() + " by "
                + text(rule, "scheduler") + ", " + answer.path("live").asInt() + " live sessions (router table "
                + answer.path("tableSize").asInt() + "/"
                + answer.path("capacity").asInt() + ", refused "
                + answer.path("refused").asLong() + ")");
        TextTable servers = new TextTable("SERVER", "LISTED", "CHOSEN", "LIVE", "PACKETS", "BYTES");
        for (JsonNode s : answer.path("servers")) {
            servers.row(
                    text(s, "address") + ":" + s.path("port").asInt(),
                    s.path("listed").asBoolean() ? "yes" : "removed",
                    s.path("chosen").asLong(),
                    s.path("live").asInt(),
                    s.path("packets").asLong(),
                    s.path("bytes").asLong());
        }
        servers.print(out);
        out.println();
        TextTable sessions = new TextTable("ID", "PROTO", "CLIENT", "SERVER", "PACKETS", "BYTES");
        for (JsonNode s : answer.path("sessions")) {
            sessions.row(
                    s.path("id").asLong(),
                    text(s, "protocol"),
                    text(s, "clientAddress") + ":" + s.path("clientPort").asInt(),
                    text(s, "serverAddress") + ":" + s.path("serverPort").asInt(),
                    s.path("packets").asLong(),
                    s.path("bytes").asLong());
        }
        sessions.print(out);
        if (!answer.path("countersFromSwitch").asBoolean()) {
            out.println("(the switch did not answer: live sessions' packets and bytes are 0)");
        }
        out.flush();
    }
}
