package io.natflow.rest.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the controller is, how to authenticate, and how to print: global options of the
 * {@code natflow} command, inherited by every subcommand, so they may come anywhere on the line
 * ({@code natflow --url U forwards list}, {@code natflow forwards list --url U}).
 */
final class ClientOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:NATFLOW_URL:-http://127.0.0.1:8080}",
            description = "REST API base URL (env NATFLOW_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:NATFLOW_TOKEN}",
            description = "bearer token for api.token (env NATFLOW_TOKEN)")
    String token;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the API's JSON instead of a table")
    boolean json;

    ApiClient client() {
        return new ApiClient(url, token);
    }
}
