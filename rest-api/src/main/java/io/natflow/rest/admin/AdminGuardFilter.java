package io.natflow.rest.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import io.natflow.rest.api.BearerToken;
import io.natflow.rest.api.BearerTokenFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Access to the admin port. The diagnostics ({@code /tasks/*}: log-level, gc; {@code /threads};
 * {@code /pprof}) change state, cost CPU or show internals: they answer 404 unless
 * {@code api.adminDiagnostics} is on, and then need the API token. Everything else (health
 * checks, metrics, ping, prometheus) follows the REST API's rule: with a token, anything but a
 * read needs it, and reads too with {@code api.protectReads}.
 */
public final class AdminGuardFilter implements Filter {
    static final List<String> DIAGNOSTICS = List.of("/tasks", "/threads", "/pprof");

    private final BearerToken token; // null: no token configured
    private final boolean protectReads;
    private final boolean diagnostics;
    private final ObjectMapper json;

    public AdminGuardFilter(String token, boolean protectReads, boolean diagnostics, ObjectMapper json) {
        this.token = token == null || token.isBlank() ? null : new BearerToken(token);
        this.protectReads = protectReads;
        this.diagnostics = diagnostics;
        this.json = json;
        if (diagnostics && this.token == null) {
            throw new IllegalArgumentException("api.adminDiagnostics needs api.token");
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        // Decoded and normalised by the container, as the servlets will see it ("/./tasks" is "/tasks").
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean diagnostic = DIAGNOSTICS.stream().anyMatch(d -> path.equals(d) || path.startsWith(d + "/"));
        if (diagnostic && !diagnostics) {
            answer(response, 404, path + " is off; set api.adminDiagnostics: true in natflow.yml (it needs api.token)");
            return;
        }
        boolean needsToken =
                diagnostic || token != null && (protectReads || !BearerTokenFilter.READS.contains(request.getMethod()));
        if (needsToken) {
            String problem = token.problem(request.getHeader("Authorization"));
            if (problem != null) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"natflow\"");
                answer(response, 401, problem);
                return;
            }
        }
        chain.doFilter(req, res);
    }

    private void answer(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(json.writeValueAsBytes(new ErrorMessage(status, message)));
    }
}
