package io.natflow.nat.core;

import java.util.List;

/**
 * Idle timers without a priority queue: one intrusive doubly-linked list per timeout length
 * (UDP, ICMP, TCP established, TCP transitory), ordered by the time each mapping was queued.
 * Within a list every deadline is "last use + the same timeout" and the clock never goes back,
 * so a refresh moves the mapping to the tail and the list stays sorted by deadline: refresh
 * O(1), expiry O(expired), and expiry is exact. The price is that a refresh touches the two
 * neighbours (two cache misses on a large table); a lazy timing wheel would avoid that.
 */
final class TimerLists {
    static final int UDP = 0;
    static final int ICMP = 1;
    static final int TCP_ESTABLISHED = 2;
    static final int TCP_TRANSITORY = 3;
    /**
     * Not a list: the mapping's idleness is owned by the switch (its session flows' idle
     * timeouts); it has no deadline and lives until it is deleted.
     */
    static final int HELD = 4;

    private final long[] timeouts;
    private final Mapping[] heads = new Mapping[4];
    private final Mapping[] tails = new Mapping[4];

    TimerLists(NatConfig config) {
        timeouts = new long[] {
            config.udpTimeoutMillis(),
            config.icmpTimeoutMillis(),
            config.tcpEstablishedMillis(),
            config.tcpTransitoryMillis()
        };
    }

    static int classOf(Protocol protocol, TcpState state) {
        switch (protocol) {
            case UDP:
                return UDP;
            case ICMP:
                return ICMP;
            default:
                return state.transitory() ? TCP_TRANSITORY : TCP_ESTABLISHED;
        }
    }

    /**
     * Sets the mapping's last use and (re)queues it in {@code timerClass}, keeping the list sorted.
     * A use at the current time lands at the tail at once (the clock never goes back); only a
     * restored mapping whose last use is in the past walks back from the tail.
     */
    void schedule(Mapping m, int timerClass, long lastUsed) {
        unlink(m);
        if (timerClass == HELD) {
            m.touch(lastUsed, Long.MAX_VALUE);
            m.timerClass = HELD;
            return;
        }
        m.touch(lastUsed, lastUsed + timeouts[timerClass]);
        m.timerClass = (byte) timerClass;
        Mapping after = tails[timerClass];
        while (after != null && after.lastUsed() > lastUsed) {
            after = after.prev;
        }
        m.prev = after;
        m.next = after == null ? heads[timerClass] : after.next;
        if (m.next == null) {
            tails[timerClass] = m;
        } else {
            m.next.prev = m;
        }
        if (after == null) {
            heads[timerClass] = m;
        } else {
            after.next = m;
        }
    }

    void unlink(Mapping m) {
        int c = m.timerClass;
        if (c < 0 || c == HELD) {
            m.timerClass = -1;
            return;
        }
        if (m.prev == null) {
            heads[c] = m.next;
        } else {
            m.prev.next = m.next;
        }
        if (m.next == null) {
            tails[c] = m.prev;
        } else {
            m.next.prev = m.prev;
        }
        m.prev = null;
        m.next = null;
        m.timerClass = -1;
    }

    /** Unlinks every mapping whose deadline is at or before {@code now} and adds it to {@code out}. */
    void popExpired(long now, List<Mapping> out) {
        for (int c = 0; c < heads.length; c++) {
            Mapping m;
            while ((m = heads[c]) != null && m.expiresAt() <= now) {
                unlink(m);
                out.add(m);
            }
        }
    }
}
