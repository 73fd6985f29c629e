package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;

/**
 * The {@code api:} section. With a {@code token}, every write (POST, PUT, DELETE) needs
 * {@code Authorization: Bearer <token>}; with {@code protectReads: true} reads need it too.
 * Without a token the API is open to whoever can reach it (127.0.0.1 by default).
 */
public class ApiFactory {
    @JsonProperty
    private String token;

    @JsonProperty
    private boolean protectReads;

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public boolean isProtectReads() {
        return protectReads;
    }

    public void setProtectReads(boolean protectReads) {
        this.protectReads = protectReads;
    }

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    @AssertTrue(message = "protectReads needs a token")
    public boolean isReadProtectionPossible() {
        return !protectReads || hasToken();
    }
}
