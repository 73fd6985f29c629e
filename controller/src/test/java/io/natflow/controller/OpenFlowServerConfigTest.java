package io.natflow.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The config record rejects values the server could not run with. */
class OpenFlowServerConfigTest {
    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void defaultsAreTheStandardPortAndPositiveTimers() {
        OpenFlowServerConfig config = OpenFlowServerConfig.defaults();
        assertEquals(6653, config.port());
        assertEquals(Duration.ofSeconds(10), config.handshakeTimeout());
        assertEquals(Duration.ofSeconds(5), config.echoInterval());
        assertEquals(3, config.echoMisses());
        assertEquals(Duration.ofSeconds(10), config.requestTimeout());
        OpenFlowServerConfig ephemeral = config.withPort(0);
        assertEquals(0, ephemeral.port());
        assertEquals(config.bindAddress(), ephemeral.bindAddress());
        assertEquals(config.handshakeTimeout(), ephemeral.handshakeTimeout());
        assertEquals(config.echoInterval(), ephemeral.echoInterval());
        assertEquals(config.echoMisses(), ephemeral.echoMisses());
        assertEquals(config.requestTimeout(), ephemeral.requestTimeout());
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OpenFlowServerConfig("0.0.0.0", -1, S, S, 3, S));
        assertThrows(IllegalArgumentException.class, () -> new OpenFlowServerConfig("0.0.0.0", 65536, S, S, 3, S));
        assertThrows(
                IllegalArgumentException.class, () -> new OpenFlowServerConfig("0.0.0.0", 0, Duration.ZERO, S, 3, S));
        assertThrows(
                IllegalArgumentException.class, () -> new OpenFlowServerConfig("0.0.0.0", 0, S, S.negated(), 3, S));
        assertThrows(IllegalArgumentException.class, () -> new OpenFlowServerConfig("0.0.0.0", 0, S, S, 0, S));
        assertThrows(NullPointerException.class, () -> new OpenFlowServerConfig(null, 0, S, S, 3, S));
        assertThrows(NullPointerException.class, () -> new OpenFlowServerConfig("0.0.0.0", 0, S, S, 3, null));
    }

    @Test
    void limitsThatDoNotFitTogetherAreRejected() {
        ConnectionLimits d = ConnectionLimits.defaults();
        assertEquals(d, OpenFlowServerConfig.defaults().limits());
        assertEquals(d, OpenFlowServerConfig.defaults().withPort(0).limits());
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(0, 1, 1, 1, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(1, 0, 1, 1, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(1, 1, 0, 1, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(1, 1, 1, 0, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(1, 1, 1, 1, 4, 2, 8), "low above high");
        assertThrows(
                IllegalArgumentException.class,
                () -> new ConnectionLimits(1, 1, 1, 1, 1, 2, 2),
                "the write queue limit must be above the high water mark");
        assertThrows(
                NullPointerException.class,
                () -> OpenFlowServerConfig.defaults().withLimits(null));
    }
}
