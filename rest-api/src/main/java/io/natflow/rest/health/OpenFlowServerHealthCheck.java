package io.natflow.rest.health;

import com.codahale.metrics.health.HealthCheck;
import io.natflow.controller.OpenFlowServer;

/** Healthy while the OpenFlow listener is bound and accepting. */
public final class OpenFlowServerHealthCheck extends HealthCheck {
    private final OpenFlowServer server;

    public OpenFlowServerHealthCheck(OpenFlowServer server) {
        this.server = server;
    }

    @Override
    protected Result check() {
        return server.isRunning()
                ? Result.healthy("listening on %s", server.localAddress())
                : Result.unhealthy("OpenFlow server is not listening");
    }
}
