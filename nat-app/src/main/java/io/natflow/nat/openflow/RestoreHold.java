package io.natflow.nat.openflow;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Switch events (packet-ins, flow removals) that arrive while a restarted controller reads the
 * switch's session flows back. Handled before the restore, a new flow's first packet takes a
 * mapping id or port from the empty table that a flow in the switch still carries, and the
 * restore then refuses that live mapping and deletes its flows; so events wait, at most
 * {@code capacity} of them, and are handled in arrival order once the restore is done.
 *
 * <p>Confined to the router's event loop (see {@link RouterLoop}): events, the restore's start
 * and its end are all tasks there, so arrival order is the loop's order and no lock is needed.
 */
final class RestoreHold {
    /** What {@link #offer} did with an event. */
    enum Offer {
        /** No restore is running: handle the event now. */
        NOT_HOLDING,
        /** Kept; it is handed to the release. */
        HELD,
        /** A restore is running and the hold is full: the event is dropped. */
        FULL
    }

    private final int capacity;
    private final ArrayDeque<OFMessage> held = new ArrayDeque<>();
    private long generation;
    private boolean holding;

    RestoreHold(int capacity) {
        this.capacity = capacity;
    }

    /** A restore starts; returns its token for {@link #release}. */
    long begin() {
        holding = true;
        return ++generation;
    }

    Offer offer(OFMessage event) {
        if (!holding) {
            return Offer.NOT_HOLDING;
        }
        if (held.size() >= capacity) {
            return Offer.FULL;
        }
        held.add(event);
        return Offer.HELD;
    }

    boolean holding() {
        return holding;
    }

    /**
     * The restore {@code token} is done: hands every held event to {@code handler}, in order,
     * including those that arrive meanwhile, then stops holding. A stale token (a newer restore
     * began since) does nothing.
     */
    void release(long token, Consumer<OFMessage> handler) {
        while (token == generation && holding) {
            OFMessage next = held.poll();
            if (next == null) {
                holding = false;
                return;
            }
            handler.accept(next);
        }
    }
}
