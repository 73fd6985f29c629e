package io.natflow.rest.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The API token, and the one check of an {@code Authorization: Bearer <token>} header (REST and admin port). */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";
    private final byte[] token;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("api.token must not be blank");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Why the header does not carry the token, or null if it does. Compared in constant time. */
    public String problem(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return "this request needs an Authorization: Bearer token (api.token)";
        }
        byte[] given = authorizationHeader.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token) ? null : "wrong bearer token";
    }
}
