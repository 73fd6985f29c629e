package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** The whole natflow.yml: Dropwizard's server/logging sections plus ours. */
public class NatflowConfiguration extends Configuration {

    @Valid
    @NotNull
    private OpenFlowFactory openflow = new OpenFlowFactory();

    @Valid
    @NotNull
    private ApiFactory api = new ApiFactory();

    @Valid
    @NotNull
    private ForwardStoreFactory forwardStore = new ForwardStoreFactory();

    /** Absent (null): natflow runs alone. */
    @Valid
    private ClusterFactory cluster;

    @Valid
    @NotNull
    private RequestBodiesFactory requestBodies = new RequestBodiesFactory();

    /** Without a {@code server:} section the REST and admin ports listen on 127.0.0.1 only. */
    public NatflowConfiguration() {
        if (getServerFactory() instanceof DefaultServerFactory server) {
            for (ConnectorFactory c : server.getApplicationConnectors()) {
                loopback(c);
            }
            for (ConnectorFactory c : server.getAdminConnectors()) {
                loopback(c);
            }
        }
    }

    private static void loopback(ConnectorFactory connector) {
        if (connector instanceof HttpConnectorFactory http && http.getBindHost() == null) {
            http.setBindHost("127.0.0.1");
        }
    }

    @JsonProperty
    public ApiFactory getApi() {
        return api;
    }

    @JsonProperty
    public void setApi(ApiFactory api) {
        this.api = api;
    }

    @JsonProperty
    public RequestBodiesFactory getRequestBodies() {
        return requestBodies;
    }

    @JsonProperty
    public void setRequestBodies(RequestBodiesFactory requestBodies) {
        this.requestBodies = requestBodies;
    }

    @JsonProperty
    public ClusterFactory getCluster() {
        return cluster;
    }

    @JsonProperty
    public void setCluster(ClusterFactory cluster) {
        this.cluster = cluster;
    }

    @JsonProperty
    public ForwardStoreFactory getForwardStore() {
        return forwardStore;
    }

    @JsonProperty
    public void setForwardStore(ForwardStoreFactory forwardStore) {
        this.forwardStore = forwardStore;
    }

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
