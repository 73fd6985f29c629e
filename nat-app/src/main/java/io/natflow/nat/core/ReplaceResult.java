package io.natflow.nat.core;

import java.util.List;

/**
 * Result of {@link Nat#replaceForward}: the replacement is in effect and the old rule gone, or
 * nothing changed (a typed conflict, or the old rule is not there).
 */
public sealed interface ReplaceResult permits ReplaceResult.Replaced, ReplaceResult.Conflict, ReplaceResult.Unknown {

    /** {@code removedSessions}: the old rule's live sessions, removed; the caller deletes their flows. */
    record Replaced(ForwardRule rule, List<Mapping> removedSessions) implements ReplaceResult {
        public Replaced {
            removedSessions = List.copyOf(removedSessions);
        }
    }

    /** The replacement conflicts with something other than the old rule and its sessions. */
    record Conflict(ForwardRule rule, ForwardConflict reason) implements ReplaceResult {}

    /** The NAT holds no rule equal to {@code old}. */
    record Unknown(ForwardRule old) implements ReplaceResult {}
}
