package io.natflow.nat.core;

/** What to do with an outbound packet. */
public sealed interface OutboundDecision
        permits OutboundDecision.Translate, OutboundDecision.Hairpin, OutboundDecision.Refuse {

    /** Rewrite the source to {@code mapping.publicEndpoint()}; {@code created} if the mapping is new. */
    record Translate(Mapping mapping, boolean created) implements OutboundDecision {}

    /**
     * The destination is a public endpoint of this NAT (RFC 4787 REQ-9): rewrite the source to
     * {@code source.publicEndpoint()} and the destination to {@code destination.internal()}.
     */
    record Hairpin(Mapping source, boolean created, Mapping destination) implements OutboundDecision {}

    /** Do not translate; drop the packet (the caller may send ICMP if it likes). */
    record Refuse(RefuseReason reason) implements OutboundDecision {}
}
