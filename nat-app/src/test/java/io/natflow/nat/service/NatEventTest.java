package io.natflow.nat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NatEventTest {
    @Test
    void everyEventHasItsOwnKeyAndItsOwnKindAndLabel() {
        Set<String> keys = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (NatEvent e : NatEvent.values()) {
            keys.add(e.key());
            labels.add(e.kind() + "/" + e.label());
        }
        assertEquals(NatEvent.values().length, keys.size(), "two events share a counters-map key");
        assertEquals(NatEvent.values().length, labels.size(), "two events share a kind and label");
    }

    @Test
    void theRefusalsThatCollidedWithDropsGetTheirOwnKeys() {
        assertEquals("drop.TABLE_FULL", NatEvent.DROP_TABLE_FULL.key());
        assertEquals("refuse.TABLE_FULL", NatEvent.REFUSAL_TABLE_FULL.key());
        assertEquals("refuse.NOT_TRANSLATABLE", NatEvent.REFUSAL_NOT_TRANSLATABLE.key());
        assertNotEquals(NatEvent.DROP_NOT_TRANSLATABLE.key(), NatEvent.REFUSAL_NOT_TRANSLATABLE.key());
        assertEquals("drop.QUOTA_EXCEEDED", NatEvent.REFUSAL_QUOTA_EXCEEDED.key(), "other refusals keep their keys");
        assertEquals("table_full", NatEvent.REFUSAL_TABLE_FULL.label());
        assertEquals("sent_flow_mod", NatEvent.SENT_FLOW_MOD.label());
        assertEquals("sent.flow_mod", NatEvent.SENT_FLOW_MOD.key());
    }
}
