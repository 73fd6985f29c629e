package io.natflow.rest.config;

import io.dropwizard.lifecycle.Managed;
import io.natflow.controller.OpenFlowServer;

/** Starts the OpenFlow listener with the application and stops it on shutdown. */
final class ManagedOpenFlowServer implements Managed {
    private final OpenFlowServer server;

    ManagedOpenFlowServer(OpenFlowServer server) {
        this.server = server;
    }

    @Override
    public void start() throws Exception {
        server.start();
    }

    @Override
    public void stop() {
        server.stop();
    }
}
