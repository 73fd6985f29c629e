package io.natflow.rest.forwards;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** {@code /api/forwards}: list, show, add (201), replace, delete. */
@Path("/api/forwards")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ForwardsResource {
    private final ForwardService forwards;

    public ForwardsResource(ForwardService forwards) {
        this.forwards = forwards;
    }

    @GET
    public List<ForwardView> list(@QueryParam("switch") String switchId) {
        return forwards.list(switchId);
    }

    @GET
    @Path("/{id}")
    public ForwardView get(@PathParam("id") String id) {
        return forwards.get(id);
    }

    @POST
    public Response add(@NotNull @Valid ForwardRequest request, @Context UriInfo uri) {
        ForwardView added = forwards.add(request);
        return Response.created(uri.getAbsolutePathBuilder().path(added.id()).build())
                .entity(added)
                .build();
    }

    @PUT
    @Path("/{id}")
    public ForwardView update(@PathParam("id") String id, @NotNull @Valid ForwardRequest request) {
        return forwards.update(id, request);
    }

    @DELETE
    @Path("/{id}")
    public ForwardView delete(@PathParam("id") String id) {
        return forwards.delete(id);
    }
}
