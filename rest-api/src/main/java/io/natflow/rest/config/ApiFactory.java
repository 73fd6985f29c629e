package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;

/**
 * The {@code api:} section. With a {@code token}, every write (POST, PUT, DELETE) needs
 * {@code Authorization: Bearer <token>}; with {@code protectReads: true} reads need it too.
 * Without a token the API is open to whoever can reach it (127.0.0.1 by default). The admin
 * port follows the same rule; its diagnostics (tasks, threads, pprof) are off unless
 * {@code adminDiagnostics: true}, which needs a token, and then always need it.
 */
public class ApiFactory {
    @JsonProperty
    private String token;

    @JsonProperty
    private boolean protectReads;

    @JsonProperty
    private boolean adminDiagnostics;

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

    public boolean isAdminDiagnostics() {
        return adminDiagnostics;
    }

    public void setAdminDiagnostics(boolean adminDiagnostics) {
        this.adminDiagnostics = adminDiagnostics;
    }

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    @AssertTrue(message = "protectReads needs a token")
    public boolean isReadProtectionPossible() {
        return !protectReads || hasToken();
    }

    @AssertTrue(message = "adminDiagnostics needs a token: the admin port's tasks, threads and pprof always need it")
    public boolean isAdminDiagnosticsProtectable() {
        return !adminDiagnostics || hasToken();
    }
}
