package io.natflow.nat.rules;

import java.util.List;

/**
 * Picks a virtual server's real server for a new connection. Round robin takes the servers in
 * turn by a counter the caller keeps. Source hash is rendezvous hashing (highest random
 * weight): every server scores the client's address and the highest score wins, so a client
 * lands on the same server as long as that server is listed, and removing a server moves only
 * its own clients (adding one takes about 1/n of everyone's).
 */
public final class ServerChooser {
    private ServerChooser() {}

    /**
     * The index into {@code servers} for a connection from {@code clientAddress}; {@code turn}
     * is the rule's count of round-robin choices so far. The list must not be empty.
     */
    public static int choose(
            NatRule.VirtualServer.Scheduler scheduler,
            List<NatRule.VirtualServer.Server> servers,
            int clientAddress,
            long turn) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers to choose from");
        }
        if (scheduler == NatRule.VirtualServer.Scheduler.ROUND_ROBIN) {
            return (int) Long.remainderUnsigned(turn, servers.size());
        }
        int best = 0;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < servers.size(); i++) {
            NatRule.VirtualServer.Server s = servers.get(i);
            long score = score(clientAddress, s);
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** A client's weight for one server: splitmix64 of both, stable across runs and JVMs. */
    static long score(int clientAddress, NatRule.VirtualServer.Server s) {
        long server = ((s.address() & 0xffff_ffffL) << 16) | s.port();
        return mix(mix(clientAddress & 0xffff_ffffL) ^ server);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }
}
