package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MinDataSize;
import io.natflow.controller.ConnectionLimits;
import jakarta.validation.constraints.Min;

/**
 * The {@code openflow.limits:} section: what one switch connection may make the controller hold
 * (see {@link ConnectionLimits}; the defaults are its defaults).
 */
public class OpenFlowLimitsFactory {
    private static final ConnectionLimits DEFAULTS = ConnectionLimits.defaults();

    @Min(1)
    private int maxConnections = DEFAULTS.maxConnections();

    @Min(1)
    private int maxPorts = DEFAULTS.maxPorts();

    @Min(1)
    private int maxReplyParts = DEFAULTS.maxReplyParts();

    @Min(1)
    private int maxPendingRequests = DEFAULTS.maxPendingRequests();

    @MinDataSize(1)
    private DataSize writeBufferLowWaterMark = DataSize.bytes(DEFAULTS.writeBufferLowWaterMark());

    @MinDataSize(1)
    private DataSize writeBufferHighWaterMark = DataSize.bytes(DEFAULTS.writeBufferHighWaterMark());

    @MinDataSize(1)
    private DataSize maxWriteQueue = DataSize.bytes(DEFAULTS.maxWriteQueueBytes());

    /** @throws IllegalArgumentException naming the setting if the values do not fit together */
    public ConnectionLimits toLimits() {
        try {
            return new ConnectionLimits(
                    maxConnections,
                    maxPorts,
                    maxReplyParts,
                    maxPendingRequests,
                    Math.toIntExact(writeBufferLowWaterMark.toBytes()),
                    Math.toIntExact(writeBufferHighWaterMark.toBytes()),
                    maxWriteQueue.toBytes());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("openflow.limits: a water mark must be below 2 GiB");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "openflow.limits: " + e.getMessage().replace("maxWriteQueueBytes", "maxWriteQueue"), e);
        }
    }

    @JsonProperty
    public int getMaxConnections() {
        return maxConnections;
    }

    @JsonProperty
    public void setMaxConnections(int v) {
        maxConnections = v;
    }

    @JsonProperty
    public int getMaxPorts() {
        return maxPorts;
    }

    @JsonProperty
    public void setMaxPorts(int v) {
        maxPorts = v;
    }

    @JsonProperty
    public int getMaxReplyParts() {
        return maxReplyParts;
    }

    @JsonProperty
    public void setMaxReplyParts(int v) {
        maxReplyParts = v;
    }

    @JsonProperty
    public int getMaxPendingRequests() {
        return maxPendingRequests;
    }

    @JsonProperty
    public void setMaxPendingRequests(int v) {
        maxPendingRequests = v;
    }

    @JsonProperty
    public DataSize getWriteBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    @JsonProperty
    public void setWriteBufferLowWaterMark(DataSize v) {
        writeBufferLowWaterMark = v;
    }

    @JsonProperty
    public DataSize getWriteBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    @JsonProperty
    public void setWriteBufferHighWaterMark(DataSize v) {
        writeBufferHighWaterMark = v;
    }

    @JsonProperty
    public DataSize getMaxWriteQueue() {
        return maxWriteQueue;
    }

    @JsonProperty
    public void setMaxWriteQueue(DataSize v) {
        maxWriteQueue = v;
    }
}
