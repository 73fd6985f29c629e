package io.natflow.rest.switches;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/switches} and {@code GET /api/switches/{datapathId}}. */
@Path("/api/switches")
@Produces(MediaType.APPLICATION_JSON)
public final class SwitchesResource {
    private final SwitchService switches;

    public SwitchesResource(SwitchService switches) {
        this.switches = switches;
    }

    @GET
    public List<SwitchView> list() {
        return switches.list();
    }

    @GET
    @Path("/{datapathId}")
    public SwitchView get(@PathParam("datapathId") String datapathId) {
        return switches.get(datapathId)
                .orElseThrow(() -> new NotFoundException("no connected switch with datapath id " + datapathId));
    }
}
