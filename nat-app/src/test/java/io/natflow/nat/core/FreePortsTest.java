package io.natflow.nat.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void poolHandsOutEveryPortExactlyOnceThenRefuses() {
        PortPool pool = new PortPool(1024, 2047);
        SplittableRandom r = new SplittableRandom(1);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1024; i++) {
            int p = pool.allocate(1, false, r);
            assertTrue(p >= 1024 && p <= 2047);
            assertTrue(seen.add(p), "duplicate " + p);
        }
        assertEquals(-1, pool.allocate(1500, false, r));
        pool.release(1500);
        assertEquals(1500, pool.allocate(1500, false, r), "preservation");
    }

    @Test
    void ipv4ParsesAndFormats() {
        assertEquals("203.0.113.255", Ipv4.format(Ipv4.parse("203.0.113.255")));
        assertEquals(0x0A000001, Ipv4.parse("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("10.0.0.256"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("10.0.0"));
        assertEquals(Endpoint.of("10.0.0.1", 80), Endpoint.parse("10.0.0.1:80"));
    }
}
