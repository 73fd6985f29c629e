package io.natflow.nat.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongMapTest {
    @Test
    void behavesLikeHashMapUnderRandomOperationsIncludingKeyZeroAndCollisions() {
        LongMap<Long> map = new LongMap<>(4);
        Map<Long, Long> model = new HashMap<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long key = r.nextInt(3) == 0 ? r.nextLong(64) * 1024 : r.nextLong(5000); // clustered keys
            switch (r.nextInt(3)) {
                case 0 -> assertEquals(model.put(key, (long) i), map.put(key, (long) i));
                case 1 -> assertEquals(model.remove(key), map.remove(key));
                default -> assertEquals(model.get(key), map.get(key));
            }
        }
        assertEquals(model.size(), map.size());
        var values = new HashSet<Long>();
        map.forEach(values::add);
        assertEquals(new HashSet<>(model.values()), values);
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
    }

    @Test
    void aWalkInStepsVisitsEveryValueOnceWhenNothingChanges() {
        LongMap<Long> map = new LongMap<>(4);
        for (long k = 0; k < 5_000; k++) {
            map.put(k * 7, k);
        }
        java.util.List<Long> seen = new java.util.ArrayList<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = map.walk(cursor, 100, seen::add);
            steps++;
        } while (cursor != -1);
        assertEquals(5_000, seen.size());
        assertEquals(5_000, new HashSet<>(seen).size(), "no value twice");
        assertTrue(steps > 1, "spread over steps of 100 slots");
    }

    @Test
    void aWalkTheTableOutgrewStartsOverAndStillSeesTheOldValues() {
        LongMap<Long> map = new LongMap<>(4);
        for (long k = 1; k <= 100; k++) {
            map.put(k, k);
        }
        var seen = new HashSet<Long>();
        long cursor = map.walk(0, 10, seen::add);
        for (long k = 101; k <= 10_000; k++) {
            map.put(k, k); // grows: the cursor's capacity no longer matches
        }
        while (cursor != -1) {
            cursor = map.walk(cursor, 1_000, seen::add);
        }
        for (long k = 1; k <= 100; k++) {
            assertTrue(seen.contains(k), "value " + k);
        }
        assertEquals(10_000, seen.size(), "the walk began again over the grown table");
    }
}
