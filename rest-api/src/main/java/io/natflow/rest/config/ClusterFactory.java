package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.natflow.cluster.ClusterConfig;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cluster:} section: several natflow instances over one ZooKeeper ensemble, one master
 * per switch. Absent: natflow runs alone (file forward store, no role requests, no ZooKeeper).
 * Maps 1:1 onto {@link ClusterConfig}, which checks the same rules again.
 */
public class ClusterFactory {
    /** ZooKeeper servers, {@code host:port,host:port,…}. */
    @NotEmpty
    @Pattern(regexp = "[A-Za-z0-9.:\\[\\],_-]{1,1024}", message = "must be host:port[,host:port…]")
    @JsonProperty
    private String connectString;

    /** The servers must allow it: their minSessionTimeout (2 × tickTime by default) must not exceed it. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration sessionTimeout = Duration.milliseconds(ClusterConfig.DEFAULT_SESSION_TIMEOUT.toMillis());

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration connectionTimeout = Duration.milliseconds(ClusterConfig.DEFAULT_CONNECTION_TIMEOUT.toMillis());

    /** This instance's unique name in the cluster. */
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 . _ -")
    @JsonProperty
    private String instanceId;

    /** Where the other instances reach this instance's REST application (the port that serves /api). */
    @NotEmpty
    @Pattern(regexp = "https?://[^\\s]{1,1000}", message = "must be an http:// or https:// URL")
    @JsonProperty
    private String restUrl;

    @NotNull
    @Pattern(regexp = "(/[A-Za-z0-9._-]{1,64}){1,8}", message = "must be a znode path like /natflow")
    @JsonProperty
    private String root = ClusterConfig.DEFAULT_ROOT;

    /** How long an instance waits before competing for a switch another instance is preferred for. */
    @NotNull
    @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration spreadDelay = Duration.milliseconds(ClusterConfig.DEFAULT_SPREAD_DELAY.toMillis());

    /**
     * @throws IllegalArgumentException if the settings do not make a cluster configuration
     */
    public ClusterConfig build() {
        URI url;
        try {
            url = new URI(restUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cluster.restUrl is not a URL: " + e.getMessage(), e);
        }
        return new ClusterConfig(
                connectString,
                java.time.Duration.ofMillis(sessionTimeout.toMilliseconds()),
                java.time.Duration.ofMillis(connectionTimeout.toMilliseconds()),
                instanceId,
                url,
                root,
                java.time.Duration.ofMillis(spreadDelay.toMilliseconds()));
    }

    public String getConnectString() {
        return connectString;
    }

    public void setConnectString(String connectString) {
        this.connectString = connectString;
    }

    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public String getRestUrl() {
        return restUrl;
    }

    public void setRestUrl(String restUrl) {
        this.restUrl = restUrl;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public Duration getSpreadDelay() {
        return spreadDelay;
    }

    public void setSpreadDelay(Duration spreadDelay) {
        this.spreadDelay = spreadDelay;
    }
}
