package io.natflow.nat.core;

import io.natflow.nat.core.ForwardRule.PortForward;

/**
 * A port forward with a lifetime, leased by its target host (the owner: a host may lease only
 * for itself). It ends at {@code expiresAt} unless renewed; {@link Nat#expireLeases} removes it.
 *
 * @param rule      one public port to one internal endpoint
 * @param source    the protocol that leased it
 * @param createdAt when it was first granted (ms)
 * @param expiresAt when it ends (ms)
 */
public record ForwardLease(PortForward rule, LeaseSource source, long createdAt, long expiresAt) {
    public ForwardLease {
        if (rule.count() != 1) {
            throw new IllegalArgumentException("a lease covers one port");
        }
    }

    /** The internal host that asked for it, and the only one that may change it. */
    public int owner() {
        return rule.internalIp();
    }

    ForwardLease renewed(long newExpiresAt) {
        return new ForwardLease(rule, source, createdAt, newExpiresAt);
    }
}
