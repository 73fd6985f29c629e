package io.natflow.rest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.natflow.rest.config.RequestBodiesFactory;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Puts natflow's HTTP rules into the Jetty server Dropwizard builds, as it starts (before any
 * connector accepts): {@link JsonErrorHandler} on the server and every servlet context (REST and
 * admin), {@link RequestBodyGate} in front of everything, and {@link StrictRequestFilter} in Jersey.
 */
public final class HttpHardening {
    private HttpHardening() {}

    public static void install(Environment environment, RequestBodiesFactory bodies, ObjectMapper json) {
        environment.jersey().register(new StrictRequestFilter());
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    harden(server, bodies, json);
                }
            }
        });
    }

    static void harden(Server server, RequestBodiesFactory bodies, ObjectMapper json) {
        JsonErrorHandler errors = new JsonErrorHandler(json);
        server.setErrorHandler(errors.onServer());
        for (ServletContextHandler context : server.getDescendants(ServletContextHandler.class)) {
            context.setErrorHandler(errors.inServletContext());
        }
        server.setHandler(new RequestBodyGate(
                server.getHandler(),
                Duration.ofMillis(bodies.getTimeout().toMilliseconds()),
                (int) bodies.getMaxSize().toBytes(),
                bodies.getMaxPending()));
    }
}
