package io.natflow.rest.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <token>} on every write, and on reads too when
 * {@code protectReads} is set. Registered only when a token is configured.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
    /** The methods that change nothing. */
    public static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final BearerToken token;
    private final boolean protectReads;

    public BearerTokenFilter(String token, boolean protectReads) {
        this.token = new BearerToken(token);
        this.protectReads = protectReads;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!protectReads && READS.contains(request.getMethod())) {
            return;
        }
        String problem = token.problem(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (problem != null) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"natflow\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(401, problem))
                    .build());
        }
    }
}
