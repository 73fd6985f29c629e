package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.PortRange;
import io.natflow.controller.OpenFlowServer;
import io.natflow.controller.OpenFlowServerConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code openflow:} section: where switches connect and how patient we are with them. */
public class OpenFlowFactory {

    @NotEmpty
    private String bindAddress = "127.0.0.1";

    @PortRange
    private int port = OpenFlowServerConfig.DEFAULT_PORT;

    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration handshakeTimeout = Duration.seconds(10);

    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration echoInterval = Duration.seconds(5);

    @Min(1)
    private int echoMisses = 3;

    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration requestTimeout = Duration.seconds(10);

    @Valid
    @NotNull
    private OpenFlowLimitsFactory limits = new OpenFlowLimitsFactory();

    /** Builds the server and lets Dropwizard start and stop it with the application. */
    public OpenFlowServer build(Environment environment) {
        OpenFlowServer server = new OpenFlowServer(toConfig());
        environment.lifecycle().manage(new ManagedOpenFlowServer(server));
        return server;
    }

    public OpenFlowServerConfig toConfig() {
        return new OpenFlowServerConfig(
                bindAddress,
                port,
                handshakeTimeout.toJavaDuration(),
                echoInterval.toJavaDuration(),
                echoMisses,
                requestTimeout.toJavaDuration(),
                limits.toLimits());
    }

    @JsonProperty
    public String getBindAddress() {
        return bindAddress;
    }

    @JsonProperty
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    @JsonProperty
    public int getPort() {
        return port;
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    @JsonProperty
    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    @JsonProperty
    public Duration getEchoInterval() {
        return echoInterval;
    }

    @JsonProperty
    public void setEchoInterval(Duration echoInterval) {
        this.echoInterval = echoInterval;
    }

    @JsonProperty
    public int getEchoMisses() {
        return echoMisses;
    }

    @JsonProperty
    public void setEchoMisses(int echoMisses) {
        this.echoMisses = echoMisses;
    }

    @JsonProperty
    public OpenFlowLimitsFactory getLimits() {
        return limits;
    }

    @JsonProperty
    public void setLimits(OpenFlowLimitsFactory limits) {
        this.limits = limits;
    }

    @JsonProperty
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }
}
