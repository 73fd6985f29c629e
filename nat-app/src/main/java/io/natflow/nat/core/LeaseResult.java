package io.natflow.nat.core;

/** Result of {@link Nat#lease}: granted, refused by the policy, or in conflict; nothing changed unless granted. */
public sealed interface LeaseResult permits LeaseResult.Granted, LeaseResult.Refused, LeaseResult.Conflict {

    record Granted(ForwardLease lease) implements LeaseResult {}

    record Refused(Reason reason) implements LeaseResult {}

    /** The forward itself could not be added (its public port or internal endpoint is taken, ...). */
    record Conflict(ForwardConflict reason) implements LeaseResult {}

    /** Why the {@link LeasePolicy} refused a lease. */
    enum Reason {
        /** Leases are off for this router. */
        DISABLED,
        /** The public port is outside the policy's port ranges. */
        PORT_NOT_ALLOWED,
        /** The host holds {@link LeasePolicy#maxPerHost} leases already. */
        HOST_LIMIT,
        /** The lifetime is not in 1..max, or the rule covers more than one port. */
        INVALID
    }
}
