package io.natflow.nat.pcp;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.LeaseResult;
import io.natflow.nat.core.LeaseSource;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import java.util.Arrays;

/**
 * Finds a public port for a new lease: the suggested one, else (unless the client prefers
 * failure) the next free allowed one. Both protocols' servers use it, so a PCP and a NAT-PMP
 * request for the same thing get the same answer.
 */
final class LeaseGranter {
    /** Candidate ports tried per request: a bound on the work one datagram can cause. */
    static final int MAX_CANDIDATES = 64;

    enum Failure {
        /** The host holds as many leases as the policy allows. */
        HOST_LIMIT,
        /** No allowed public port among the candidates is free. */
        NO_PORT,
        /** PREFER_FAILURE, and the suggested port is not free or not allowed. */
        SUGGESTED_UNAVAILABLE,
        /** A dynamic mapping (an outbound session) already uses the internal endpoint. */
        INTERNAL_BUSY,
        /** Another forward targets the internal endpoint. */
        INTERNAL_FORWARDED
    }

    /** Granted: a lease; or why not. */
    record Grant(ForwardLease lease, Failure failure) {}

    private final Nat nat;

    LeaseGranter(Nat nat) {
        this.nat = nat;
    }

    Grant grant(
            Protocol protocol,
            int host,
            int internalPort,
            int suggestedIp,
            int suggestedPort,
            boolean preferFailure,
            LeaseSource source,
            long lifetimeSeconds,
            long now) {
        if (nat.lookupInternal(protocol, new Endpoint(host, internalPort)).isPresent()) {
            return new Grant(null, Failure.INTERNAL_BUSY);
        }
        int[] pool = nat.config().publicAddresses();
        int publicIp = suggestedIp != 0 && Arrays.binarySearch(pool, suggestedIp) >= 0 ? suggestedIp : pool[0];
        int wanted = suggestedPort != 0 ? suggestedPort : internalPort;
        int[] candidates = preferFailure
                ? new int[] {wanted}
                : PortCandidates.of(nat.config().leases(), wanted, MAX_CANDIDATES);
        long expiresAt = now + lifetimeSeconds * 1000;
        for (int port : candidates) {
            PortForward rule = new PortForward(protocol, publicIp, port, host, internalPort, 1);
            LeaseResult r = nat.lease(rule, source, expiresAt, now);
            if (r instanceof LeaseResult.Granted g) {
                return new Grant(g.lease(), null);
            }
            if (r instanceof LeaseResult.Refused refused && refused.reason() == LeaseResult.Reason.HOST_LIMIT) {
                return new Grant(null, Failure.HOST_LIMIT);
            }
            if (r instanceof LeaseResult.Conflict c
                    && c.reason() == io.natflow.nat.core.ForwardConflict.INTERNAL_ENDPOINT_TAKEN) {
                return new Grant(null, Failure.INTERNAL_FORWARDED);
            }
        }
        return new Grant(null, preferFailure ? Failure.SUGGESTED_UNAVAILABLE : Failure.NO_PORT);
    }
}
