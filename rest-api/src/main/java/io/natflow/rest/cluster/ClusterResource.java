package io.natflow.rest.cluster;

import io.natflow.nat.service.ClusterService;
import io.natflow.rest.api.Await;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/cluster}: the instances and who masters which switch (see {@link ClusterView}). */
@Path("/api/cluster")
@Produces(MediaType.APPLICATION_JSON)
public final class ClusterResource {
    private final ClusterService cluster;

    public ClusterResource(ClusterService cluster) {
        this.cluster = cluster;
    }

    @GET
    public ClusterView get() {
        return ClusterView.of(Await.result(cluster.status()));
    }
}
