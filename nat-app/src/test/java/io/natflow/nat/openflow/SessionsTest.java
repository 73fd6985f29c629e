package io.natflow.nat.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final Endpoint A = new Endpoint(0xC6336450, 80); // 198.51.100.80:80
    private static final Endpoint B = new Endpoint(0xC6336450, 443);
    private static final Endpoint C = new Endpoint(0xFFFFFFFF, 65535); // extremes survive packing

    @Test
    void tracksSessionsPerMappingAndReportsTheLast() {
        Sessions s = new Sessions();
        assertTrue(s.add(1, A));
        assertFalse(s.add(1, A), "same session twice");
        assertTrue(s.add(1, B));
        assertTrue(s.add(2, C));
        assertEquals(3, s.sessions());
        assertEquals(2, s.mappings());
        assertTrue(s.contains(2, C));
        assertFalse(s.contains(2, A));
        assertFalse(s.remove(1, A), "mapping 1 still has B");
        assertFalse(s.contains(1, A));
        assertTrue(s.remove(1, B), "last session of mapping 1");
        assertFalse(s.remove(1, B), "already gone");
        assertEquals(Set.of(C), s.removeAll(2));
        assertEquals(0, s.sessions());
        assertEquals(0, s.mappings());
    }
}
