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

    private final long[] timeouts;
    private final Mapping[] heads = new Mapping[4];
    private final Mapping[] tails = new Mapping[4];

    TimerLists(NatConfig config) {
        timeouts = new long[] {config.udpTimeoutMillis(), config.icmpTimeoutMillis(),
                config.tcpEstablishedMillis(), config.tcpTransitoryMillis()};
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

    long timeout(int timerClass) {
        return timeouts[timerClass];
    }

    /** Records a use at {@code now}: moves the mapping to the tail of its (possibly new) list. */
    void refresh(Mapping m, int timerClass, long now) {
        schedule(m, timerClass, now);
    }

    /** Sets the mapping's last use to {@code now} and (re)queues it at the tail of {@code timerClass}. */
    void schedule(Mapping m, int timerClass, long now) {
        unlink(m);
        m.touch(now, now + timeouts[timerClass]);
        append(m, timerClass, now);
    }

    private void append(Mapping m, int timerClass, long now) {
        m.timerClass = (byte) timerClass;
        m.prev = tails[timerClass];
        m.next = null;
        if (tails[timerClass] == null) {
            heads[timerClass] = m;
        } else {
            tails[timerClass].next = m;
        }
        tails[timerClass] = m;
    }

    /** Queues a restored mapping whose last use may be in the past: sorted insert from the tail. */
    void scheduleAt(Mapping m, int timerClass, long lastUsed) {
        unlink(m);
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
        if (c < 0) {
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
