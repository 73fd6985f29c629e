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
}
