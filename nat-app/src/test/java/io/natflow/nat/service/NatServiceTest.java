package io.natflow.nat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.Origin;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.RouterConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NAT service over two routers without switches: listings, changes and accounting as records. */
class NatServiceTest {
    private static final long R1 = 1;
    private static final long R2 = 2;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final NatApp app =
            new NatApp(List.of(router(R1, "203.0.113.1"), router(R2, "203.0.113.2")), scheduler, clock::get);
    private final NatService nat = app.service();

    @AfterEach
    void stop() {
        app.shutdown();
        scheduler.shutdownNow();
    }

    private static RouterConfig router(long dpid, String publicIp) {
        return new RouterConfig(
                dpid,
                Ipv4.parse("10.0.0.0"),
                24,
                Ipv4.parse("10.0.0.1"),
                0x0200_0000_0001L,
                List.of("s1-eth1"),
                "s1-eth2",
                Ipv4.parse("203.0.113.254"),
                NatConfig.builder(Ipv4.parse(publicIp)).build(),
                List.of(),
                Duration.ofSeconds(1));
    }

    private long outbound(long dpid, Protocol protocol, String internal) {
        Endpoint in = Endpoint.parse(internal);
        return app.inspect(
                        dpid,
                        core -> ((OutboundDecision.Translate) core.translateOutbound(
                                        protocol, in.ip(), in.port(), Ipv4.parse("198.51.100.80"), 80, 0, clock.get()))
                                .mapping()
                                .id())
                .join();
    }

    private static MappingQuery page(Long dpid, Protocol protocol, int offset, int limit) {
        return new MappingQuery(dpid, protocol, null, null, null, offset, limit);
    }

    @Test
    void listingsPageInDatapathThenIdOrderAcrossRouters() {
        long a = outbound(R1, Protocol.TCP, "10.0.0.11:1000");
        long b = outbound(R1, Protocol.UDP, "10.0.0.11:1001");
        long c = outbound(R1, Protocol.TCP, "10.0.0.12:1002");
        long d = outbound(R2, Protocol.TCP, "10.0.0.11:1000");
        long e = outbound(R2, Protocol.UDP, "10.0.0.13:1003");

        MappingPage first = nat.mappings(page(null, null, 0, 2)).join();
        assertEquals(5, first.total());
        assertEquals(5, first.matched());
        assertEquals(List.of(a, b), first.items().stream().map(MappingInfo::id).toList());
        MappingPage second = nat.mappings(page(null, null, 2, 2)).join();
        assertEquals(
                List.of(R1, R2),
                second.items().stream().map(MappingInfo::datapathId).toList(),
                "a page that spans the two routers");
        assertEquals(List.of(c, d), second.items().stream().map(MappingInfo::id).toList());
        assertEquals(
                List.of(e),
                nat.mappings(page(null, null, 4, 2)).join().items().stream()
                        .map(MappingInfo::id)
                        .toList());
        assertTrue(nat.mappings(page(null, null, 5, 2)).join().items().isEmpty());

        MappingPage udpOnR2 = nat.mappings(page(R2, Protocol.UDP, 0, 10)).join();
        assertEquals(2, udpOnR2.total(), "total counts the router listed, not the filter");
        assertEquals(1, udpOnR2.matched());
        MappingInfo m = udpOnR2.items().get(0);
        assertEquals(e, m.id());
        assertEquals(Ipv4.parse("10.0.0.13"), m.internalIp());
        assertEquals(Ipv4.parse("203.0.113.2"), m.publicIp());
        assertEquals(Origin.DYNAMIC, m.origin());
        assertEquals(List.of("198.51.100.80:80"), m.remotes());
    }

    @Test
    void aPageIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> page(null, null, 0, NatService.MAX_PAGE + 1));
        assertThrows(IllegalArgumentException.class, () -> page(null, null, -1, 10));
    }

    @Test
    void deleteAnswersTheMappingAsItWasThenNothing() {
        long id = outbound(R1, Protocol.TCP, "10.0.0.11:1000");
        MappingInfo deleted = nat.deleteMapping(R1, id).join().orElseThrow();
        assertEquals(id, deleted.id());
        assertTrue(nat.mapping(R1, id).join().isEmpty());
        assertTrue(nat.deleteMapping(R1, id).join().isEmpty());
        assertEquals(1, nat.usage(R1).join().quarantinedPorts(), "the freed port waits in quarantine");
    }

    @Test
    void forwardsAndPortUseAsTheCoreCountsThem() {
        ForwardRule.PortForward web = new ForwardRule.PortForward(
                Protocol.TCP, Ipv4.parse("203.0.113.1"), 8080, Ipv4.parse("10.0.0.13"), 80, 3);
        assertInstanceOf(ForwardResult.Added.class, nat.addForward(R1, web).join());
        assertEquals(List.of(web), nat.forwards(R1).join());
        assertTrue(nat.forwards(R2).join().isEmpty());
        outbound(R1, Protocol.TCP, "10.0.0.11:1000");

        PortPoolUsage u = nat.usage(R1).join();
        assertEquals(1, u.mappings());
        assertEquals(1, u.forwards());
        PortPoolUsage.PortUse tcp = u.ports().stream()
                .filter(p -> p.protocol() == Protocol.TCP)
                .findFirst()
                .orElseThrow();
        assertEquals(1, tcp.used());
        assertEquals(3, tcp.forwarded(), "8080-8082 are inside the default dynamic range 1024-65535");
        assertEquals(List.of(0), nat.forwardSessions(R1, List.of(web)).join());
        assertTrue(nat.removeForward(R1, web).join());
        assertFalse(nat.removeForward(R1, web).join());
    }

    @Test
    void statusWithoutASwitch() {
        outbound(R2, Protocol.UDP, "10.0.0.11:1000");
        RouterStatus s = nat.status(R2).join();
        assertEquals("0000000000000002", s.name());
        assertFalse(s.connected());
        assertFalse(s.gatewayResolved());
        assertEquals(1, s.mappings());
        assertEquals(1L, s.mappingsByProtocol().get("udp"));
        assertEquals(0L, s.mappingsByProtocol().get("tcp"));
        assertTrue(nat.flowCounters(R2, 1).join().isEmpty(), "no switch to read counters from");
        assertEquals(List.of(R1, R2), nat.routerIds());
    }

    @Test
    void anUnknownRouterFailsTheFuture() {
        CompletionException e =
                assertThrows(CompletionException.class, () -> nat.status(9).join());
        assertInstanceOf(UnknownRouterException.class, e.getCause());
        assertTrue(nat.settings(9).isEmpty());
        assertFalse(nat.connected(9));
    }

    @Test
    void aLargeTableIsListedFromASnapshotKeptForTwoSecondsOfTheClock() {
        int n = 50_001; // above MappingListings.SMALL_TABLE: walked in steps, the snapshot kept
        app.inspect(R1, core -> {
                    for (int i = 0; i < n; i++) {
                        int host = Ipv4.parse("10.0.0.2") + i / 1000;
                        core.translateOutbound(
                                Protocol.UDP, host, 2000 + i % 1000, Ipv4.parse("198.51.100.80"), 53, 0, clock.get());
                    }
                    return null;
                })
                .join();
        MappingPage first = nat.mappings(page(R1, null, 0, 1000)).join();
        assertEquals(n, first.total());
        assertEquals(n, first.matched());
        List<Long> ids = first.items().stream().map(MappingInfo::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "ascending ids");
        MappingPage last = nat.mappings(page(R1, null, n - 1, 1000)).join();
        assertEquals(1, last.items().size());

        long extra = outbound(R1, Protocol.TCP, "10.0.0.200:1000");
        assertEquals(n, nat.mappings(page(R1, null, 0, 1)).join().matched(), "the kept snapshot");
        clock.addAndGet(2_001);
        MappingPage fresh = nat.mappings(page(R1, null, n, 10)).join();
        assertEquals(n + 1, fresh.matched(), "a new walk after two seconds");
        assertEquals(List.of(extra), fresh.items().stream().map(MappingInfo::id).toList());
    }

    @Test
    void eventsAreCountedPerRouterAndSummedByTheService() {
        app.counters(R1).count(NatEvent.SESSION_SETUP, 2);
        app.counters(R2).count(NatEvent.SESSION_SETUP, 3);
        app.counters(R2).drop(io.natflow.nat.core.DropReason.NO_MAPPING);
        assertEquals(2, app.counters(R1).get(NatEvent.SESSION_SETUP));
        assertEquals(5, nat.events().count(NatEvent.SESSION_SETUP));
        assertEquals(1, nat.events().count(NatEvent.DROP_NO_MAPPING));
        assertEquals(0, app.counters(R1).get(NatEvent.DROP_NO_MAPPING));
    }

    @Test
    void theHandshakeGetsTheFragmentModeForConfiguredRoutersOnly() {
        assertEquals(
                java.util.EnumSet.of(
                        org.projectfloodlight.openflow.protocol.OFConfigFlags.FRAG_DROP,
                        org.projectfloodlight.openflow.protocol.OFConfigFlags.FRAG_REASM),
                app.configFlags(org.projectfloodlight.openflow.types.DatapathId.of(R2)));
        assertTrue(app.configFlags(org.projectfloodlight.openflow.types.DatapathId.of(3))
                .isEmpty());
    }
}
