package io.natflow.rest.config;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;

/**
 * Where this instance's REST application answers, from the {@code server:} section, for a natflow
 * that runs alone (a cluster instance says it in {@code cluster.restUrl}): the first application
 * connector; a wildcard or missing bind host reads as 127.0.0.1. Null if it cannot be told.
 */
public final class LocalRestUrl {
    private LocalRestUrl() {}

    public static String of(ServerFactory server) {
        ConnectorFactory connector = null;
        if (server instanceof DefaultServerFactory d
                && !d.getApplicationConnectors().isEmpty()) {
            connector = d.getApplicationConnectors().get(0);
        } else if (server instanceof SimpleServerFactory s) {
            connector = s.getConnector();
        }
        if (!(connector instanceof HttpConnectorFactory http)) {
            return null;
        }
        String host = http.getBindHost();
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        String scheme = connector instanceof HttpsConnectorFactory ? "https" : "http";
        return scheme + "://" + host + ":" + http.getPort();
    }
}
