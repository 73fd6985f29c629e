package io.natflow.rest.ui;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import io.natflow.rest.api.BearerToken;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /ui/health}: the health checks (the admin port's {@code /healthcheck}) for the page,
 * which can reach only its own origin. Guarded like an API read: with {@code protectReads} it
 * needs the token. A servlet, not a Jersey resource, because the API's resources are exactly
 * those of the OpenAPI document.
 */
final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient HealthCheckRegistry checks;
    private final transient ObjectMapper json;
    private final transient BearerToken readToken;

    /** @param readToken the token reads need, or null when reads are open */
    HealthServlet(HealthCheckRegistry checks, ObjectMapper json, BearerToken readToken) {
        this.checks = checks;
        this.json = json;
        this.readToken = readToken;
    }

    /** What the page shows: each check's name, verdict and message. */
    record Check(String name, boolean healthy, String message) {}

    record Health(boolean healthy, List<Check> checks) {}

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PageHeaders.apply(response);
        response.setHeader("Cache-Control", "no-store");
        if (readToken != null) {
            String problem = readToken.problem(request.getHeader("Authorization"));
            if (problem != null) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"natflow\"");
                write(response, 401, new ErrorMessage(401, problem));
                return;
            }
        }
        List<Check> out = new ArrayList<>();
        boolean healthy = true;
        for (Map.Entry<String, HealthCheck.Result> e : checks.runHealthChecks().entrySet()) {
            out.add(new Check(e.getKey(), e.getValue().isHealthy(), e.getValue().getMessage()));
            healthy &= e.getValue().isHealthy();
        }
        write(response, 200, new Health(healthy, out));
    }

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
