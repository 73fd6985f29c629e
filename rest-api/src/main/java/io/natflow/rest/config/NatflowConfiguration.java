package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The whole natflow.yml: Dropwizard's server/logging sections plus ours. */
public class NatflowConfiguration extends Configuration {

    @Valid
    @NotNull
    private OpenFlowFactory openflow = new OpenFlowFactory();

    @JsonProperty
    public OpenFlowFactory getOpenflow() {
        return openflow;
    }

    @JsonProperty
    public void setOpenflow(OpenFlowFactory openflow) {
        this.openflow = openflow;
    }
}
