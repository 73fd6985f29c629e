package io.natflow.rest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.util.Duration;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.openflow.RouterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Router settings are turned into a RouterConfig, and a wrong one fails naming the setting. */
class RouterFactoryTest {

    private static RouterFactory valid() {
        RouterFactory f = new RouterFactory();
        f.datapathId = "0000000000000001";
        f.lanPrefix = "10.0.0.0/24";
        f.routerAddress = "10.0.0.1";
        f.routerMac = "02:00:00:00:00:01";
        f.lanPorts = List.of("s1-eth1", "2");
        f.wanPort = "s1-eth4";
        f.publicAddresses = List.of("203.0.113.1");
        f.gateway = "203.0.113.254";
        return f;
    }

    @Test
    void buildsTheRouterConfig() {
        RouterConfig c = valid().build("routers[0]");
        assertEquals(1L, c.datapathId());
        assertEquals(Ipv4.parse("10.0.0.1"), c.routerLanIp());
        assertEquals(0x0200_0000_0001L, c.routerMac());
        assertEquals(List.of("s1-eth1", "2"), c.lanPorts());
        assertEquals(16_384, c.nat().perHostSessions(), "default sessions per host");
        assertEquals(4096, c.nat().perMappingSessions(), "default sessions per mapping");
        assertEquals(io.natflow.nat.core.RefusalReply.ADMIN_PROHIBITED, c.nat().refusalReply());
        assertEquals(io.natflow.nat.openflow.PacketInLimits.DEFAULTS, c.packetInLimits());
    }

    @Test
    void wrongLimitsNameTheSetting() {
        RouterFactory noSessions = valid();
        noSessions.perMappingSessions = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> noSessions.build("routers[0]"))
                .getMessage()
                .startsWith("routers[0]: session limits"));
        RouterFactory noMeter = valid();
        noMeter.packetInLimits.arp = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> noMeter.build("routers[0]"))
                .getMessage()
                .contains("packetInLimits.arp"));
    }

    @Test
    void wrongValuesNameTheSetting() {
        RouterFactory badMac = valid();
        badMac.routerMac = "02:00:00";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> badMac.build("routers[0]"))
                .getMessage()
                .startsWith("routers[0].routerMac:"));

        RouterFactory outside = valid();
        outside.routerAddress = "192.0.2.1";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> outside.build("routers[1]"))
                .getMessage()
                .contains("outside the LAN prefix"));

        RouterFactory closeTimers = valid();
        closeTimers.tcpEstablishedTimeout = Duration.seconds(5);
        closeTimers.tcpTransitoryTimeout = Duration.seconds(4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> closeTimers.build("routers[0]"))
                .getMessage()
                .startsWith("routers[0].tcpEstablishedTimeout"));
    }
}
