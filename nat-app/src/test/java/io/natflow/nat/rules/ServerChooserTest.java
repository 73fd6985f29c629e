package io.natflow.nat.rules;

import static io.natflow.nat.core.Ipv4.parse;
import static io.natflow.nat.rules.VirtualServerFixtures.servers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerChooserTest {
    static final List<NatRule.VirtualServer.Server> THREE =
            servers("10.0.0.11:8080", "10.0.0.12:8080", "10.0.0.13:8080");
    static final NatRule.VirtualServer.Scheduler RR = NatRule.VirtualServer.Scheduler.ROUND_ROBIN;
    static final NatRule.VirtualServer.Scheduler HASH = NatRule.VirtualServer.Scheduler.SOURCE_HASH;

    @Test
    void roundRobinTakesTheServersInTurn() {
        List<Integer> picks = new ArrayList<>();
        for (long turn = 0; turn < 7; turn++) {
            picks.add(ServerChooser.choose(RR, THREE, parse("198.51.100.80"), turn));
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), picks);
        int wrapped = ServerChooser.choose(RR, THREE, 0, -1L); // 2^64 - 1 turns, unsigned
        assertEquals(0, wrapped, "a turn past Long.MAX_VALUE still lands in range");
    }

    @Test
    void sourceHashGivesAClientOneServerWhateverTheTurn() {
        int client = parse("198.51.100.81");
        int first = ServerChooser.choose(HASH, THREE, client, 0);
        for (long turn = 1; turn < 20; turn++) {
            assertEquals(first, ServerChooser.choose(HASH, THREE, client, turn));
        }
    }

    @Test
    void sourceHashSpreadsClientsAndRemovingAServerMovesOnlyItsOwn() {
        Map<Integer, Integer> before = new HashMap<>();
        int[] perServer = new int[3];
        for (int i = 0; i < 3000; i++) {
            int client = parse("198.51.0.0") + i;
            int pick = ServerChooser.choose(HASH, THREE, client, 0);
            before.put(client, pick);
            perServer[pick]++;
        }
        for (int n : perServer) {
            assertTrue(n > 800 && n < 1200, "about a third each: " + java.util.Arrays.toString(perServer));
        }
        List<NatRule.VirtualServer.Server> two = List.of(THREE.get(0), THREE.get(2)); // 10.0.0.12 removed
        before.forEach((client, pick) -> {
            NatRule.VirtualServer.Server now = two.get(ServerChooser.choose(HASH, two, client, 0));
            if (pick != 1) {
                assertEquals(THREE.get(pick), now, "a client of a server that stays stays on it");
            }
        });
    }

    @Test
    void anEmptyListIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ServerChooser.choose(RR, List.of(), 1, 0));
    }
}
