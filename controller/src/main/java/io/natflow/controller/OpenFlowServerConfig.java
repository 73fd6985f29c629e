package io.natflow.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the OpenFlow listener.
 *
 * @param echoInterval idle time on a connection after which we send ECHO_REQUEST
 * @param echoMisses   unanswered echo requests (one per silent interval) after which the switch is dropped
 * @param limits       what one connection may make the controller hold
 */
public record OpenFlowServerConfig(
        String bindAddress,
        int port,
        Duration handshakeTimeout,
        Duration echoInterval,
        int echoMisses,
        Duration requestTimeout,
        ConnectionLimits limits) {

    public static final int DEFAULT_PORT = 6653;

    /** With {@link ConnectionLimits#defaults()}. */
    public OpenFlowServerConfig(
            String bindAddress,
            int port,
            Duration handshakeTimeout,
            Duration echoInterval,
            int echoMisses,
            Duration requestTimeout) {
        this(
                bindAddress,
                port,
                handshakeTimeout,
                echoInterval,
                echoMisses,
                requestTimeout,
                ConnectionLimits.defaults());
    }

    public OpenFlowServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(echoInterval, "echoInterval");
        requirePositive(requestTimeout, "requestTimeout");
        if (echoMisses < 1) {
            throw new IllegalArgumentException("echoMisses must be >= 1, got " + echoMisses);
        }
        Objects.requireNonNull(limits, "limits");
    }

    public static OpenFlowServerConfig defaults() {
        return new OpenFlowServerConfig(
                "0.0.0.0", DEFAULT_PORT, Duration.ofSeconds(10), Duration.ofSeconds(5), 3, Duration.ofSeconds(10));
    }

    public OpenFlowServerConfig withPort(int newPort) {
        return new OpenFlowServerConfig(
                bindAddress, newPort, handshakeTimeout, echoInterval, echoMisses, requestTimeout, limits);
    }

    public OpenFlowServerConfig withLimits(ConnectionLimits newLimits) {
        return new OpenFlowServerConfig(
                bindAddress, port, handshakeTimeout, echoInterval, echoMisses, requestTimeout, newLimits);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
