package io.natflow.nat.openflow;

/** What the slow path did with a packet: translated it in place, or dropped it for a reason. */
sealed interface SlowPathResult permits SlowPathResult.Translated, SlowPathResult.Dropped {
    SlowPathResult TRANSLATED = new Translated();

    /** The packet was rewritten in place; forward it. */
    record Translated() implements SlowPathResult {}

    /** The packet goes no further; {@code reason} is counted (a core or router drop reason). */
    record Dropped(Enum<?> reason) implements SlowPathResult {}

    static SlowPathResult dropped(Enum<?> reason) {
        return new Dropped(reason);
    }
}
