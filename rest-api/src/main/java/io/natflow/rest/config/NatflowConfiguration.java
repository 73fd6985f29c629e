package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** The whole natflow.yml: Dropwizard's server/logging sections plus ours. */
public class NatflowConfiguration extends Configuration {

    @Valid
    @NotNull
    private OpenFlowFactory openflow = new OpenFlowFactory();

    /** One entry per switch that should be a NAT router. */
    @Valid
    @NotNull
    private List<RouterFactory> routers = new ArrayList<>();

    @JsonProperty
    public List<RouterFactory> getRouters() {
        return routers;
    }

    @JsonProperty
    public void setRouters(List<RouterFactory> routers) {
        this.routers = routers;
    }

    @JsonProperty
    public OpenFlowFactory getOpenflow() {
        return openflow;
    }

    @JsonProperty
    public void setOpenflow(OpenFlowFactory openflow) {
        this.openflow = openflow;
    }
}
