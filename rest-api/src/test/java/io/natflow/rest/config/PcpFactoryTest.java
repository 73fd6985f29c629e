package io.natflow.rest.config;

import static org.junit.jupiter.api.Assertions.*;

import io.dropwizard.util.Duration;
import io.natflow.nat.core.LeasePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code routers[].pcp} becomes the core's lease policy; a wrong value names the setting. */
class PcpFactoryTest {
    @Test
    void offByDefaultAndBuildsThePolicy() {
        assertFalse(new PcpFactory().build("routers[0].pcp").enabled());
        PcpFactory f = new PcpFactory();
        f.enabled = true;
        f.portRanges = List.of("5000-5099", "8080");
        f.maxLifetime = Duration.seconds(90);
        f.maxMappingsPerHost = 3;
        LeasePolicy p = f.build("routers[0].pcp");
        assertEquals(
                new LeasePolicy(
                        true,
                        List.of(new LeasePolicy.PortRange(5000, 5099), new LeasePolicy.PortRange(8080, 8080)),
                        90,
                        3),
                p);
        assertTrue(p.allows(8080));
        assertFalse(p.allows(8081));
    }

    @Test
    void wrongValuesNameTheSetting() {
        PcpFactory badRange = new PcpFactory();
        badRange.portRanges = List.of("1024-65535", "9-x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> badRange.build("routers[0].pcp"))
                .getMessage()
                .startsWith("routers[0].pcp.portRanges[1]"));
        PcpFactory tooLong = new PcpFactory();
        tooLong.maxLifetime = Duration.days(2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tooLong.build("routers[0].pcp"))
                .getMessage()
                .startsWith("routers[0].pcp.maxLifetime"));
    }
}
