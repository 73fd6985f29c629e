package io.natflow.nat.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.service.NatEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatCountersTest {
    @Test
    void everyEventIsRegisteredAtConstructionUnderTheRoutersName() {
        MetricRegistry registry = new MetricRegistry();
        new NatCounters("s1", registry);
        assertEquals(NatEvent.values().length, registry.getMeters().size());
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.refusal.table_full"));
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.drop.table_full"));
        assertTrue(registry.getMeters().containsKey("natflow.router.s1.event.packet_in"));
    }

    @Test
    void aRefusalAndADropForTheSameReasonNameCountApart() {
        NatCounters c = new NatCounters();
        c.drop(DropReason.TABLE_FULL);
        c.refused(RefuseReason.TABLE_FULL);
        c.refused(RefuseReason.TABLE_FULL);
        c.count(NatEvent.PACKET_IN, 3);
        assertEquals(Map.of("drop.TABLE_FULL", 1L, "refuse.TABLE_FULL", 2L, "packet_in", 3L), c.snapshot());
        assertEquals(2, c.get(NatEvent.REFUSAL_TABLE_FULL));
    }
}
