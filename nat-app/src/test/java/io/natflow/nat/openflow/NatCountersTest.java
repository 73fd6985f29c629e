package io.natflow.nat.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.pcp.Answer;
import io.natflow.nat.service.EventCounts;
import io.natflow.nat.service.NatEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NatCountersTest {
    @Test
    void everyEventIsRegisteredAtConstructionUnderTheRoutersName() {
        MetricRegistry registry = new MetricRegistry();
        new NatCounters("s1", registry, NatCounters.clock(System::currentTimeMillis));
        assertEquals(
                NatEvent.values().length + Answer.Request.values().length + Answer.Result.values().length,
                registry.getMeters().size());
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.refusal.table_full"));
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.drop.table_full"));
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.event.packet_in"));
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.pcp_request.natpmp.map_tcp"));
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.pcp_result.pcp.malformed_request"));
    }

    @Test
    void aRefusalAndADropForTheSameReasonNameCountApart() {
        NatCounters c = new NatCounters();
        c.drop(DropReason.TABLE_FULL);
        c.refused(RefuseReason.TABLE_FULL);
        c.refused(RefuseReason.TABLE_FULL);
        c.count(NatEvent.PACKET_IN, 3);
        EventCounts s = c.snapshot();
        assertEquals(1L, s.byKey().get("drop.TABLE_FULL"));
        assertEquals(2L, s.byKey().get("refuse.TABLE_FULL"));
        assertEquals(3L, s.byKey().get("packet_in"));
        assertEquals(2, c.get(NatEvent.REFUSAL_TABLE_FULL));
    }

    @Test
    void twoRoutersCountApartAndSumInTheirSnapshots() {
        MetricRegistry registry = new MetricRegistry();
        NatCounters a = new NatCounters("0000000000000001", registry, NatCounters.clock(System::currentTimeMillis));
        NatCounters b = new NatCounters("0000000000000002", registry, NatCounters.clock(System::currentTimeMillis));
        a.count(NatEvent.SESSION_SETUP, 2);
        b.count(NatEvent.SESSION_SETUP, 5);
        b.pcpAnswer(Answer.Request.PCP_MAP, Answer.Result.PCP_NO_RESOURCES);
        assertEquals(
                2,
                registry.meter("natflow.router.0000000000000001.event.session_setup")
                        .getCount());
        assertEquals(
                5,
                registry.meter("natflow.router.0000000000000002.event.session_setup")
                        .getCount());
        EventCounts sum = a.snapshot().plus(b.snapshot());
        assertEquals(7, sum.count(NatEvent.SESSION_SETUP));
        assertEquals(1L, sum.pcp().get("pcp.request.MAP"));
        assertEquals(1L, sum.pcp().get("pcp.result.NO_RESOURCES"));
        assertEquals(0L, sum.pcp().get("natpmp.result.SUCCESS"));
    }

    @Test
    void ratesAreOneMinuteMovingAveragesOnTheInjectedClock() {
        AtomicLong now = new AtomicLong(1_000_000);
        NatCounters c = new NatCounters("s1", new MetricRegistry(), NatCounters.clock(now::get));
        c.count(NatEvent.PACKET_IN, 50);
        assertEquals(0.0, c.snapshot().rate(NatEvent.PACKET_IN), "no rate before the first 5 s tick");
        now.addAndGet(5_001); // a meter ticks once more than 5 s have passed
        // Dropwizard's EWMA starts at the first tick's rate (50 events / 5 s), then decays by e^(-5/60) a quiet tick
        assertEquals(10.0, c.snapshot().rate(NatEvent.PACKET_IN), 1e-9);
        now.addAndGet(5_000);
        assertEquals(10.0 * Math.exp(-5.0 / 60), c.snapshot().rate(NatEvent.PACKET_IN), 1e-9);
    }
}
