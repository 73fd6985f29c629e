package io.natflow.nat.pcp;

import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.LeasePolicy;
import io.natflow.nat.core.LeasePolicy.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCandidatesTest {
    private static final LeasePolicy POLICY = new LeasePolicy(
            true, List.of(new PortRange(6000, 6002), new PortRange(5000, 5002), new PortRange(5001, 5003)), 60, 4);

    @Test
    void wantedFirstThenAllowedPortsAfterItThenWrapped() {
        assertArrayEquals(new int[] {5002, 5003, 6000, 6001, 6002, 5000, 5001}, PortCandidates.of(POLICY, 5002, 64));
        assertArrayEquals(new int[] {6000, 6001, 6002, 5000, 5001, 5002, 5003}, PortCandidates.of(POLICY, 5500, 64));
        assertArrayEquals(new int[] {6002, 5000}, PortCandidates.of(POLICY, 6002, 2));
    }
}
