package io.natflow.nat.core;

/** What to do with inbound traffic that matches no mapping and no forward. */
public enum UnsolicitedPolicy {
    /** Silently discard (default). */
    DROP,
    /** Discard and tell the sender (ICMP port unreachable or TCP RST; the caller builds it). */
    REJECT,
    /** Send it to the configured DMZ host, same port. */
    DMZ
}
