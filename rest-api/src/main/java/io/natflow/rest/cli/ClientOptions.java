package io.natflow.rest.cli;

import picocli.CommandLine.Option;

/** Where the controller is, how to authenticate, and how to print: mixed into every command. */
final class ClientOptions {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:NATFLOW_URL:-http://127.0.0.1:8080}",
            description = "REST API base URL (env NATFLOW_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:NATFLOW_TOKEN}",
            description = "bearer token for api.token (env NATFLOW_TOKEN)")
    String token;

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;

    ApiClient client() {
        return new ApiClient(url, token);
    }
}
