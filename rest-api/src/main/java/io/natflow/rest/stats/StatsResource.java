package io.natflow.rest.stats;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/stats}. */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
public final class StatsResource {
    private final StatsService stats;

    public StatsResource(StatsService stats) {
        this.stats = stats;
    }

    @GET
    public StatsView stats() {
        return stats.stats();
    }
}
