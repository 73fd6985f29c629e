package io.natflow.rest.mappings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.openflow.NatApp;
import io.natflow.rest.Fixtures;
import io.natflow.rest.api.ApiExceptionMapper;
import io.natflow.rest.api.RouterDirectory;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class MappingsResourceTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final NatApp app = Fixtures.natApp(clock);
    private final RouterDirectory routers = new RouterDirectory(app.service());
    private final MappingCounters live = new MappingCounters(
            new MappingCounters.Traffic(3, 180),
            new MappingCounters.Traffic(2, 120),
            "switch",
            Instant.parse("2026-01-01T00:00:00Z"));
    private final FlowCounterReader reader = (dpid, id) -> Optional.of(live);

    private final ResourceExtension resources = ResourceExtension.builder()
            .addResource(new MappingsResource(new NatMappingService(routers, reader)))
            .addProvider(ApiExceptionMapper.class)
            .build();

    private long tcp11 = Fixtures.outbound(app, Protocol.TCP, "10.0.0.11:5555", "198.51.100.80:80");
    private long udp11 = Fixtures.outbound(app, Protocol.UDP, "10.0.0.11:5353", "198.51.100.80:53");
    private long tcp12 = Fixtures.outbound(app, Protocol.TCP, "10.0.0.12:6000", "198.51.100.80:80");

    private MappingPage page(String... query) {
        var target = resources.target("/api/mappings");
        for (int i = 0; i < query.length; i += 2) {
            target = target.queryParam(query[i], query[i + 1]);
        }
        return target.request().get(MappingPage.class);
    }

    @Test
    void listsEveryMappingWithTotals() {
        MappingPage all = page();
        assertEquals(3, all.total());
        assertEquals(3, all.matched());
        assertEquals(3, all.items().size());
        MappingView first = all.items().get(0);
        assertEquals(tcp11, first.id());
        assertEquals(Fixtures.SWITCH, first.datapathId());
        assertEquals("tcp", first.protocol());
        assertEquals("dynamic", first.origin());
        assertEquals("10.0.0.11", first.internalAddress());
        assertEquals("203.0.113.1", first.publicAddress());
        assertEquals(java.util.List.of("198.51.100.80:80"), first.remotes());
    }

    @Test
    void filtersAndPages() {
        assertEquals(2, page("protocol", "tcp").matched());
        assertEquals(udp11, page("protocol", "UDP").items().get(0).id());
        assertEquals(2, page("internal", "10.0.0.11").matched());
        assertEquals(tcp11, page("internal", "10.0.0.11:5555").items().get(0).id());
        int publicPort = page("internal", "10.0.0.12").items().get(0).publicPort();
        assertEquals(
                tcp12,
                page("publicPort", String.valueOf(publicPort), "protocol", "tcp")
                        .items()
                        .get(0)
                        .id());
        assertEquals(3, page("switch", "1").matched());
        MappingPage second = page("limit", "2", "offset", "2");
        assertEquals(1, second.items().size());
        assertEquals(3, second.matched());
        assertEquals(3, second.total());
        assertEquals(0, page("offset", "10").items().size());
    }

    @Test
    void badFiltersAre400AndUnknownSwitch404() {
        for (String[] q : new String[][] {
            {"protocol", "sctp"},
            {"internal", "10.0.0"},
            {"publicPort", "x"},
            {"publicPort", "70000"},
            {"limit", "0"},
            {"limit", "1001"},
            {"offset", "-1"},
            {"switch", "zz"}
        }) {
            Response r = resources
                    .target("/api/mappings")
                    .queryParam(q[0], q[1])
                    .request()
                    .get();
            assertEquals(400, r.getStatus(), q[0] + "=" + q[1]);
            assertTrue(r.readEntity(String.class).contains("\"message\""));
        }
        assertEquals(
                404,
                resources
                        .target("/api/mappings")
                        .queryParam("switch", "0000000000000002")
                        .request()
                        .get()
                        .getStatus());
    }

    @Test
    void showsAMappingWithCountersFromTheSwitch() {
        MappingDetail d = resources.target("/api/mappings/" + udp11).request().get(MappingDetail.class);
        assertEquals(udp11, d.mapping().id());
        assertEquals("udp", d.mapping().protocol());
        assertEquals(live, d.counters());
    }

    @Test
    void countersFallBackWhenTheSwitchDoesNotAnswer() {
        MappingService offline = new NatMappingService(routers, (dpid, id) -> Optional.empty());
        MappingCounters c = offline.get(tcp11, null).counters();
        assertEquals("unavailable", c.source());
        assertEquals(0, c.outbound().packets());
    }

    @Test
    void unknownOrMalformedIds() {
        assertEquals(404, resources.target("/api/mappings/999").request().get().getStatus());
        assertEquals(400, resources.target("/api/mappings/abc").request().get().getStatus());
        assertEquals(400, resources.target("/api/mappings/0").request().delete().getStatus());
        assertEquals(
                404, resources.target("/api/mappings/999").request().delete().getStatus());
        assertEquals(
                404,
                resources
                        .target("/api/mappings/" + tcp11)
                        .queryParam("switch", "2")
                        .request()
                        .get()
                        .getStatus());
    }

    @Test
    void deleteRemovesTheMappingAndFreesItsPort() {
        Response r = resources.target("/api/mappings/" + tcp11).request().delete();
        assertEquals(200, r.getStatus());
        assertEquals(tcp11, r.readEntity(MappingView.class).id());
        assertEquals(
                404, resources.target("/api/mappings/" + tcp11).request().get().getStatus());
        assertEquals(2, page().total());
        int quarantined = Fixtures.core(app, nat -> nat.quarantinedPorts());
        assertEquals(1, quarantined);
    }
}
