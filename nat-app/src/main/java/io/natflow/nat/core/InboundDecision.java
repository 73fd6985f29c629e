package io.natflow.nat.core;

/** What to do with an inbound packet. */
public sealed interface InboundDecision
        permits InboundDecision.Translate, InboundDecision.Drop, InboundDecision.Reject {

    /**
     * Rewrite the destination to {@code mapping.internal()}. {@code created} is true when the
     * packet opened a new session (port forward, static address or DMZ host).
     */
    record Translate(Mapping mapping, boolean created) implements InboundDecision {}

    /** Discard silently. */
    record Drop(DropReason reason) implements InboundDecision {}

    /** Discard and answer with ICMP port unreachable or TCP RST (policy {@link UnsolicitedPolicy#REJECT}). */
    record Reject(DropReason reason) implements InboundDecision {}
}
