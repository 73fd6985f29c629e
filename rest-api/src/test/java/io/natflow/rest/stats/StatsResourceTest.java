package io.natflow.rest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.NatCounters;
import io.natflow.nat.service.NatEvent;
import io.natflow.rest.Fixtures;
import io.natflow.rest.api.RouterDirectory;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class StatsResourceTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final NatApp app = Fixtures.natApp(clock);
    private final RouterDirectory routers = new RouterDirectory(app.service());

    private final ResourceExtension resources = ResourceExtension.builder()
            .addResource(new StatsResource(new NatStatsService(routers, Clock.systemUTC())))
            .build();

    @Test
    void mappingsByProtocolPortsRatesDropsAndHits() {
        Fixtures.outbound(app, Protocol.TCP, "10.0.0.11:5555", "198.51.100.80:80");
        Fixtures.outbound(app, Protocol.UDP, "10.0.0.11:5353", "198.51.100.80:53");
        Fixtures.outbound(app, Protocol.UDP, "10.0.0.12:5353", "198.51.100.80:53");
        NatCounters counters = app.counters(Fixtures.DPID);
        counters.count(NatEvent.PACKET_IN, 50);
        counters.count(NatEvent.SENT_FLOW_MOD, 100);
        counters.drop(DropReason.NO_MAPPING);
        counters.count(NatEvent.INBOUND_SESSION_SETUP);
        clock.addAndGet(5_001); // one tick of the meters: their one-minute rate starts at the tick's rate

        StatsView s = resources.target("/api/stats").request().get(StatsView.class);
        assertEquals(3, s.mappings());
        assertEquals(1L, s.mappingsByProtocol().get("tcp"));
        assertEquals(2L, s.mappingsByProtocol().get("udp"));
        assertEquals(10.0, s.rates().packetInsPerSecond()); // 50 in 5.001 s, to two decimals
        assertEquals(20.0, s.rates().flowModsPerSecond());
        assertEquals(50, s.totals().packetIns());
        assertEquals(1L, s.drops().get("NO_MAPPING"));
        assertEquals(1, s.totals().forwardHits());
        StatsView.RouterStats r = s.switches().get(0);
        assertEquals(Fixtures.SWITCH, r.datapathId());
        assertFalse(r.connected());
        assertEquals(1, r.forwards());
        PortUsage tcp = r.ports().stream()
                .filter(p -> p.protocol().equals("tcp"))
                .findFirst()
                .orElseThrow();
        assertEquals(64512, tcp.rangeSize());
        assertEquals(1, tcp.used());
        assertEquals(1, tcp.forwarded()); // the config forward's 8080
        assertEquals(0, tcp.quarantined());
        assertEquals(64510, tcp.free());
    }
}
