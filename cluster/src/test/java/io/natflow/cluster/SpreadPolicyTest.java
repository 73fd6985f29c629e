package io.natflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpreadPolicyTest {

    @Test
    void datapathsGoRoundRobinOverTheSortedInstancesWhateverOrderTheyAreSeenIn() {
        List<Long> dpids = List.of(0x30L, 0x10L, 0x20L);
        List<String> instances = List.of("c", "a", "b");
        assertEquals("a", SpreadPolicy.preferred(0x10, dpids, instances));
        assertEquals("b", SpreadPolicy.preferred(0x20, dpids, instances));
        assertEquals("c", SpreadPolicy.preferred(0x30, dpids, instances));
    }

    @Test
    void eachInstanceIsPreferredForItsShare() {
        List<Long> dpids = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        Map<String, Integer> share = new HashMap<>();
        for (long d : dpids) {
            share.merge(SpreadPolicy.preferred(d, dpids, List.of("a", "b", "c")), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 3, "b", 2, "c", 2), share, "7 over 3: ⌈7/3⌉ or ⌊7/3⌋ each");
    }

    @Test
    void datapathIdsSortUnsigned() {
        List<Long> dpids = List.of(-1L, 1L); // ff…ff is the largest datapath id, not the smallest
        assertEquals("a", SpreadPolicy.preferred(1L, dpids, List.of("a", "b")));
        assertEquals("b", SpreadPolicy.preferred(-1L, dpids, List.of("a", "b")));
    }

    @Test
    void nobodyIsPreferredWithoutInstancesAndAnUnknownDatapathIsAMistake() {
        assertNull(SpreadPolicy.preferred(1L, List.of(1L), List.of()));
        assertThrows(IllegalArgumentException.class, () -> SpreadPolicy.preferred(9L, List.of(1L), List.of("a")));
    }
}
