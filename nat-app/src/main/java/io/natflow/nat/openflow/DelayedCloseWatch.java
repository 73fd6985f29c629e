package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * Reopened TCP sessions waiting for their flows' fin_timeout. The delay outlasts the switch's
 * revalidator pass (every 0.5 s in Open vSwitch), after which the closed connection's last FIN
 * or RST has been applied to the flows it went through, not to the new ones. Entries arrive in
 * time order, so a queue suffices; its size follows the rate of reopened 4-tuples.
 */
final class DelayedCloseWatch {
    static final long DELAY_MILLIS = 2_000;
    static final int MAX_PENDING = 65_536;

    private record Pending(long mappingId, Endpoint remote, long dueAt) {}

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    /** False if the queue is full: the caller then watches closes at once. */
    boolean later(long mappingId, Endpoint remote, long now) {
        if (queue.size() >= MAX_PENDING) {
            return false;
        }
        queue.addLast(new Pending(mappingId, remote, now + DELAY_MILLIS));
        return true;
    }

    /** Hands every entry due at {@code now} to {@code action} and forgets it. */
    void due(long now, BiConsumer<Long, Endpoint> action) {
        while (!queue.isEmpty() && queue.peekFirst().dueAt() <= now) {
            Pending p = queue.pollFirst();
            action.accept(p.mappingId(), p.remote());
        }
    }
}
