package io.natflow.rest.mappings;

import io.natflow.rest.api.Ids;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/mappings}: list (filtered, paged), show with counters, delete. */
@Path("/api/mappings")
@Produces(MediaType.APPLICATION_JSON)
public final class MappingsResource {
    private final MappingService mappings;

    public MappingsResource(MappingService mappings) {
        this.mappings = mappings;
    }

    @GET
    public MappingPage list(
            @QueryParam("protocol") String protocol,
            @QueryParam("internal") String internal,
            @QueryParam("publicPort") String publicPort,
            @QueryParam("switch") String switchId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return mappings.list(MappingQuery.parse(protocol, internal, publicPort, switchId, offset, limit));
    }

    @GET
    @Path("/{id}")
    public MappingDetail get(@PathParam("id") String id, @QueryParam("switch") String switchId) {
        return mappings.get(Ids.parse("mapping", id), switchId);
    }

    @DELETE
    @Path("/{id}")
    public MappingView delete(@PathParam("id") String id, @QueryParam("switch") String switchId) {
        return mappings.delete(Ids.parse("mapping", id), switchId);
    }
}
