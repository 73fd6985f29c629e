package io.natflow.nat.pcp;

import io.natflow.nat.core.EndedLease;
import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.LeaseResult;
import io.natflow.nat.core.LeaseSource;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NAT-PMP (RFC 6886): the public address, and TCP/UDP mappings (create, renew, delete). It has
 * no nonce, so it touches only the NAT-PMP leases of the host that asks.
 */
final class NatPmpHandler {
    private final Nat nat;
    private final LeaseGranter granter;

    NatPmpHandler(Nat nat, LeaseGranter granter) {
        this.nat = nat;
        this.granter = granter;
    }

    Answer handle(int sourceIp, byte[] b, int off, int len, long epoch, long now) {
        NatPmpCodec.Request request = NatPmpCodec.decode(b, off, len);
        if (request == null) {
            return Answer.dropped(Answer.Protocol.NATPMP);
        }
        if (request instanceof NatPmpCodec.Unsupported u) {
            return Answer.of(
                    NatPmpCodec.unsupported(u.opcode(), epoch),
                    Answer.Request.NATPMP_UNKNOWN,
                    Answer.Result.NATPMP_UNSUPPORTED_OPCODE);
        }
        if (request instanceof NatPmpCodec.PublicAddress) {
            return Answer.of(
                    NatPmpCodec.publicAddress(
                            NatPmpCodec.Result.SUCCESS, epoch, nat.config().publicAddresses()[0]),
                    Answer.Request.NATPMP_PUBLIC_ADDRESS,
                    Answer.Result.NATPMP_SUCCESS);
        }
        return map((NatPmpCodec.Map) request, sourceIp, epoch, now);
    }

    private Answer map(NatPmpCodec.Map m, int host, long epoch, long now) {
        Protocol protocol = m.tcp() ? Protocol.TCP : Protocol.UDP;
        if (m.internalPort() == 0) {
            return m.lifetime() == 0
                    ? deleteAll(m, protocol, host, epoch, now)
                    : fail(m, NatPmpCodec.Result.NOT_AUTHORIZED, epoch);
        }
        Optional<PortForward> existing = nat.forwardAtInternal(protocol, new Endpoint(host, m.internalPort()));
        if (existing.isPresent() && !isNatPmpLease(existing.get())) {
            return fail(m, NatPmpCodec.Result.NOT_AUTHORIZED, epoch); // natflow.yml's, the API's, or a PCP lease
        }
        if (m.lifetime() == 0) {
            List<EndedLease> ended = existing.map(
                            rule -> List.of(nat.endLease(rule, now).orElseThrow()))
                    .orElse(List.of());
            return answer(m, NatPmpCodec.Result.SUCCESS, epoch, 0, 0, List.of(), ended);
        }
        long lifetime = Math.min(m.lifetime(), nat.config().leases().maxLifetimeSeconds());
        if (existing.isPresent()) {
            LeaseResult renewed = nat.lease(existing.get(), LeaseSource.NATPMP, now + lifetime * 1000, now);
            if (!(renewed instanceof LeaseResult.Granted g)) {
                return fail(m, NatPmpCodec.Result.NOT_AUTHORIZED, epoch);
            }
            return answer(
                    m,
                    NatPmpCodec.Result.SUCCESS,
                    epoch,
                    g.lease().rule().publicPort(),
                    lifetime,
                    List.of(),
                    List.of());
        }
        LeaseGranter.Grant grant = granter.grant(
                protocol, host, m.internalPort(), 0, m.suggestedPort(), false, LeaseSource.NATPMP, lifetime, now);
        if (grant.lease() == null) {
            return fail(
                    m,
                    grant.failure() == LeaseGranter.Failure.INTERNAL_FORWARDED
                            ? NatPmpCodec.Result.NOT_AUTHORIZED
                            : NatPmpCodec.Result.OUT_OF_RESOURCES,
                    epoch);
        }
        return answer(
                m,
                NatPmpCodec.Result.SUCCESS,
                epoch,
                grant.lease().rule().publicPort(),
                lifetime,
                List.of(grant.lease()),
                List.of());
    }

    /** §3.4: internal port 0 and lifetime 0 delete all of the host's mappings of the protocol. */
    private Answer deleteAll(NatPmpCodec.Map m, Protocol protocol, int host, long epoch, long now) {
        List<EndedLease> ended = new ArrayList<>();
        for (ForwardLease lease : nat.leasesOf(host)) {
            if (lease.source() == LeaseSource.NATPMP && lease.rule().protocol() == protocol) {
                ended.add(nat.endLease(lease.rule(), now).orElseThrow());
            }
        }
        return answer(m, NatPmpCodec.Result.SUCCESS, epoch, 0, 0, List.of(), ended);
    }

    private boolean isNatPmpLease(PortForward rule) {
        return nat.leaseOf(rule).map(l -> l.source() == LeaseSource.NATPMP).orElse(false);
    }

    private static Answer fail(NatPmpCodec.Map m, NatPmpCodec.Result result, long epoch) {
        return answer(m, result, epoch, 0, 0, List.of(), List.of());
    }

    private static Answer answer(
            NatPmpCodec.Map m,
            NatPmpCodec.Result result,
            long epoch,
            int externalPort,
            long lifetime,
            List<ForwardLease> created,
            List<EndedLease> ended) {
        return new Answer(
                NatPmpCodec.map(m.tcp(), result, epoch, m.internalPort(), externalPort, lifetime),
                m.tcp() ? Answer.Request.NATPMP_MAP_TCP : Answer.Request.NATPMP_MAP_UDP,
                Answer.Result.of(result),
                created,
                ended);
    }
}
