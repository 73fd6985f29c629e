package io.natflow.rest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that makes one API request and prints the answer: a table, or the JSON with {@code --json}. */
abstract class ApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Makes the request. */
    abstract JsonNode request(ApiClient api);

    /** Prints the answer for people. */
    abstract void human(JsonNode answer, PrintWriter out);

    @Override
    public Integer call() {
        ClientOptions options = ((NatflowCli) spec.root().userObject()).options;
        JsonNode answer = request(options.client());
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            json(answer, out);
        } else {
            human(answer, out);
        }
        return 0;
    }

    /** The answer as the API sent it, pretty-printed. */
    static void json(JsonNode answer, PrintWriter out) {
        try {
            out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new CliException(e.getMessage());
        }
        out.flush();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String ports(JsonNode node, String first, String last) {
        int a = node.path(first).asInt();
        int b = node.path(last).asInt(a);
        return a == b ? String.valueOf(a) : a + "-" + b;
    }
}
