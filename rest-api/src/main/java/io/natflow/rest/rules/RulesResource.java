package io.natflow.rest.rules;

import io.natflow.rest.api.ApiException;
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

/**
 * {@code /api/rules}: a router's NAT rules in order (first match wins). List, show, insert (201;
 * {@code ?position=N} (0 = first) or {@code ?before=NUMBER}, default at the end), replace, delete,
 * and {@code POST /api/rules/{number}/move?position=N|before=NUMBER}; a virtual server's table by
 * {@code GET /api/rules/{number}/sessions?limit=N}. {@code ?switch=} picks the
 * router when there are several.
 */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RulesResource {
    private final NatRuleService rules;

    public RulesResource(NatRuleService rules) {
        this.rules = rules;
    }

    @GET
    public RuleListView list(@QueryParam("switch") String switchId) {
        return rules.list(switchId);
    }

    @GET
    @Path("/{number}")
    public RuleView get(@PathParam("number") String number, @QueryParam("switch") String switchId) {
        return rules.get(switchId, number(number));
    }

    /** A virtual server rule's servers with their counters and its sessions: which client went to which server. */
    @GET
    @Path("/{number}/sessions")
    public VirtualServerView sessions(
            @PathParam("number") String number,
            @QueryParam("switch") String switchId,
            @QueryParam("limit") String limit) {
        return rules.sessions(switchId, number(number), optional("limit", limit));
    }

    @POST
    public Response insert(
            RuleBody body,
            @QueryParam("switch") String switchId,
            @QueryParam("position") String position,
            @QueryParam("before") String before,
            @Context UriInfo uri) {
        RuleView added = rules.insert(switchId, body, optional("position", position), optional("before", before));
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(Integer.toString(added.rule().number()))
                        .build())
                .entity(added)
                .build();
    }

    @PUT
    @Path("/{number}")
    public RuleView replace(@PathParam("number") String number, @QueryParam("switch") String switchId, RuleBody body) {
        return rules.replace(switchId, number(number), body);
    }

    @DELETE
    @Path("/{number}")
    public RuleView delete(@PathParam("number") String number, @QueryParam("switch") String switchId) {
        return rules.delete(switchId, number(number));
    }

    @POST
    @Path("/{number}/move")
    public RuleView move(
            @PathParam("number") String number,
            @QueryParam("switch") String switchId,
            @QueryParam("position") String position,
            @QueryParam("before") String before) {
        return rules.move(switchId, number(number), optional("position", position), optional("before", before));
    }

    private static int number(String text) {
        Integer n = optional("rule number", text);
        if (n == null) {
            throw ApiException.badRequest("rule number is required");
        }
        return n;
    }

    private static Integer optional(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest(name + " must be a number, got '" + text + "'");
        }
        return Integer.parseInt(text);
    }
}
