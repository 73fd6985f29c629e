package io.natflow.nat.pcp;

import io.natflow.nat.core.EndedLease;
import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.LeaseResult;
import io.natflow.nat.core.LeaseSource;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PCP version 2: ANNOUNCE, MAP (create, renew, delete) and PEER (report an outbound session's
 * mapping). A host may act only for itself (no THIRD_PARTY), and only the nonce that created a
 * mapping renews or deletes it. Forwards from natflow.yml or the API are never changed.
 */
final class PcpHandler {

    private final Nat nat;
    private final LeaseGranter granter;
    /** The nonce of every PCP lease; bounded by the leases (removed when they end). */
    private final Map<PortForward, Nonce> nonces = new HashMap<>();

    PcpHandler(Nat nat, LeaseGranter granter) {
        this.nat = nat;
        this.granter = granter;
    }

    void forget(PortForward rule) {
        nonces.remove(rule);
    }

    Answer handle(int sourceIp, byte[] b, int off, int len, long epoch, long now) {
        PcpCodec.Decoded decoded = PcpCodec.decode(b, off, len);
        if (decoded == null) {
            return Answer.dropped(Answer.Protocol.PCP);
        }
        if (decoded instanceof PcpCodec.Error e) {
            return error(b, off, len, e.opcode(), e.result(), epoch);
        }
        PcpRequest r = ((PcpCodec.Ok) decoded).request();
        if (!r.clientIsIpv4() || r.clientIp() != sourceIp) {
            return error(b, off, len, r.opcode().code, PcpResult.ADDRESS_MISMATCH, epoch);
        }
        if (r.thirdParty()) {
            return error(b, off, len, r.opcode().code, PcpResult.NOT_AUTHORIZED, epoch);
        }
        return switch (r.opcode()) {
            case ANNOUNCE ->
                Answer.of(PcpCodec.announce(epoch), Answer.Request.PCP_ANNOUNCE, Answer.Result.PCP_SUCCESS);
            case MAP -> map(r, b, off, len, epoch, now);
            case PEER -> peer(r, b, off, len, epoch);
        };
    }

    private Answer map(PcpRequest r, byte[] b, int off, int len, long epoch, long now) {
        if (r.protocol() == 0 && r.internalPort() != 0) {
            return error(b, off, len, r.opcode().code, PcpResult.MALFORMED_REQUEST, epoch); // §11.1
        }
        if (r.lifetime() == 0 && r.internalPort() == 0) {
            return deleteAll(r, b, off, epoch, now);
        }
        Protocol protocol = protocol(r.protocol());
        if (protocol == null || r.internalPort() == 0) {
            return error(b, off, len, r.opcode().code, PcpResult.UNSUPP_PROTOCOL, epoch); // no all-ports mappings
        }
        Optional<PortForward> existing = nat.forwardAtInternal(protocol, new Endpoint(r.clientIp(), r.internalPort()));
        if (existing.isPresent() && !ownedBy(existing.get(), r.nonce())) {
            return error(b, off, len, r.opcode().code, PcpResult.NOT_AUTHORIZED, epoch); // another's, or not a lease
        }
        if (r.lifetime() == 0) {
            if (existing.isEmpty()) {
                return success(r, b, off, 0, epoch, r.suggestedPort(), r.suggestedIp(), List.of(), List.of());
            }
            EndedLease ended = end(existing.get(), now);
            return success(
                    r,
                    b,
                    off,
                    0,
                    epoch,
                    ended.lease().rule().publicPort(),
                    ended.lease().rule().publicIp(),
                    List.of(),
                    List.of(ended));
        }
        long lifetime = Math.min(r.lifetime(), nat.config().leases().maxLifetimeSeconds());
        if (existing.isPresent()) {
            LeaseResult renewed = nat.lease(existing.get(), LeaseSource.PCP, now + lifetime * 1000, now);
            if (!(renewed instanceof LeaseResult.Granted g)) {
                return error(b, off, len, r.opcode().code, PcpResult.NOT_AUTHORIZED, epoch); // the policy changed
            }
            return success(
                    r,
                    b,
                    off,
                    lifetime,
                    epoch,
                    g.lease().rule().publicPort(),
                    g.lease().rule().publicIp(),
                    List.of(),
                    List.of());
        }
        LeaseGranter.Grant grant = granter.grant(
                protocol,
                r.clientIp(),
                r.internalPort(),
                r.suggestedIp(),
                r.suggestedPort(),
                r.preferFailure(),
                LeaseSource.PCP,
                lifetime,
                now);
        if (grant.lease() == null) {
            return error(b, off, len, r.opcode().code, result(grant.failure()), epoch);
        }
        nonces.put(grant.lease().rule(), r.nonce());
        return success(
                r,
                b,
                off,
                lifetime,
                epoch,
                grant.lease().rule().publicPort(),
                grant.lease().rule().publicIp(),
                List.of(grant.lease()),
                List.of());
    }

    /** §15: lifetime 0 with internal port 0 deletes every mapping of this nonce (of the protocol, or all). */
    private Answer deleteAll(PcpRequest r, byte[] b, int off, long epoch, long now) {
        List<EndedLease> ended = new ArrayList<>();
        Protocol protocol = protocol(r.protocol());
        for (ForwardLease lease : nat.leasesOf(r.clientIp())) {
            boolean sameProtocol = r.protocol() == 0 || lease.rule().protocol() == protocol;
            if (sameProtocol && ownedBy(lease.rule(), r.nonce())) {
                ended.add(end(lease.rule(), now));
            }
        }
        return success(r, b, off, 0, epoch, 0, 0, List.of(), ended);
    }

    /**
     * §12: reports the mapping of an existing outbound session from the internal port. It does
     * not create one (that takes the session's first packet) nor end one; its lifetime is at
     * most the session's idle timeout, which traffic renews.
     */
    private Answer peer(PcpRequest r, byte[] b, int off, int len, long epoch) {
        Protocol protocol = protocol(r.protocol());
        if (protocol == null) {
            return error(b, off, len, r.opcode().code, PcpResult.UNSUPP_PROTOCOL, epoch);
        }
        if (r.internalPort() == 0 || r.remotePort() == 0 || !r.remoteIsIpv4() || r.remoteIp() == 0) {
            return error(b, off, len, r.opcode().code, PcpResult.MALFORMED_REQUEST, epoch);
        }
        Optional<Mapping> m = nat.lookupInternal(protocol, new Endpoint(r.clientIp(), r.internalPort()));
        if (m.isEmpty() || r.lifetime() == 0) {
            return error(b, off, len, r.opcode().code, PcpResult.NOT_AUTHORIZED, epoch);
        }
        long idle = (protocol == Protocol.TCP
                        ? nat.config().tcpEstablishedMillis()
                        : nat.config().udpTimeoutMillis())
                / 1000;
        long lifetime =
                Math.min(r.lifetime(), Math.min(idle, nat.config().leases().maxLifetimeSeconds()));
        return success(r, b, off, lifetime, epoch, m.get().publicPort(), m.get().publicIp(), List.of(), List.of());
    }

    private boolean ownedBy(PortForward rule, Nonce nonce) {
        Optional<ForwardLease> lease = nat.leaseOf(rule);
        return lease.isPresent() && lease.get().source() == LeaseSource.PCP && nonce.equals(nonces.get(rule));
    }

    private EndedLease end(PortForward rule, long now) {
        nonces.remove(rule);
        return nat.endLease(rule, now).orElseThrow();
    }

    private static Answer success(
            PcpRequest r,
            byte[] b,
            int off,
            long lifetime,
            long epoch,
            int port,
            int ip,
            List<ForwardLease> created,
            List<EndedLease> ended) {
        return new Answer(
                PcpCodec.mapped(r, b, off, lifetime, epoch, port, ip),
                Answer.Request.of(r.opcode()),
                Answer.Result.PCP_SUCCESS,
                created,
                ended);
    }

    private static Answer error(byte[] b, int off, int len, int opcode, PcpResult result, long epoch) {
        return Answer.of(
                PcpCodec.error(b, off, len, opcode, result, epoch),
                Answer.Request.of(PcpOpcode.of(opcode)),
                Answer.Result.of(result));
    }

    private static PcpResult result(LeaseGranter.Failure failure) {
        return switch (failure) {
            case HOST_LIMIT -> PcpResult.USER_EX_QUOTA;
            case NO_PORT, INTERNAL_BUSY -> PcpResult.NO_RESOURCES;
            case SUGGESTED_UNAVAILABLE -> PcpResult.CANNOT_PROVIDE_EXTERNAL;
            case INTERNAL_FORWARDED -> PcpResult.NOT_AUTHORIZED;
        };
    }

    static Protocol protocol(int number) {
        return switch (number) {
            case 6 -> Protocol.TCP;
            case 17 -> Protocol.UDP;
            default -> null;
        };
    }
}
