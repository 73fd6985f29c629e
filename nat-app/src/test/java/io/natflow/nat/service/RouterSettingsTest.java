package io.natflow.nat.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.NatConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hosts of routed LAN prefixes are inside too (forwards may point at them). */
class RouterSettingsTest {
    private final RouterSettings settings = new RouterSettings(
            1,
            Ipv4.parse("10.0.0.0"),
            24,
            Ipv4.parse("10.0.0.1"),
            Ipv4.parse("203.0.113.254"),
            NatConfig.builder(Ipv4.parse("203.0.113.1")).build(),
            List.of(Ipv4Prefix.parse("10.1.0.0/24")));

    @Test
    void everyLanPrefixIsInsideAndOnlyTheirHostsAreHosts() {
        assertTrue(settings.inLan(Ipv4.parse("10.0.0.11")) && settings.isLanHost(Ipv4.parse("10.0.0.11")));
        assertTrue(settings.inLan(Ipv4.parse("10.1.0.5")) && settings.isLanHost(Ipv4.parse("10.1.0.5")));
        assertFalse(settings.isLanHost(Ipv4.parse("10.1.0.255")), "a routed prefix's broadcast address");
        assertFalse(settings.isLanHost(Ipv4.parse("10.0.0.1")), "the router");
        assertFalse(settings.inLan(Ipv4.parse("10.2.0.5")));
    }
}
