package io.natflow.rest.settings;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/config}. */
@Path("/api/config")
@Produces(MediaType.APPLICATION_JSON)
public final class ConfigResource {
    private final ConfigService config;

    public ConfigResource(ConfigService config) {
        this.config = config;
    }

    @GET
    public ConfigView effective() {
        return config.effective();
    }
}
