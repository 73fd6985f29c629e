package io.natflow.rest.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <token>} on every write, and on reads too when
 * {@code protectReads} is set. Registered only when a token is configured.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String PREFIX = "Bearer ";

    private final byte[] token;
    private final boolean protectReads;

    public BearerTokenFilter(String token, boolean protectReads) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("api.token must not be blank");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.protectReads = protectReads;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!protectReads && READS.contains(request.getMethod())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            request.abortWith(unauthorized("this request needs an Authorization: Bearer token (api.token)"));
            return;
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            request.abortWith(unauthorized("wrong bearer token"));
        }
    }

    private static Response unauthorized(String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"natflow\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(401, message))
                .build();
    }
}
