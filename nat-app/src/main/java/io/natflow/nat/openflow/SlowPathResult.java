package io.natflow.nat.openflow;

import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.service.NatEvent;

/** What the slow path did with a packet: translated it in place, or dropped it for a reason. */
sealed interface SlowPathResult permits SlowPathResult.Translated, SlowPathResult.Dropped {
    SlowPathResult TRANSLATED = new Translated();

    /** The packet was rewritten in place; forward it. */
    record Translated() implements SlowPathResult {}

    /** The packet goes no further; {@code reason} is counted. */
    record Dropped(NatEvent reason) implements SlowPathResult {}

    static SlowPathResult dropped(PacketInDrop reason) {
        return new Dropped(NatEvents.of(reason));
    }

    static SlowPathResult dropped(DropReason reason) {
        return new Dropped(NatEvents.of(reason));
    }

    static SlowPathResult dropped(RefuseReason reason) {
        return new Dropped(NatEvents.of(reason));
    }
}
