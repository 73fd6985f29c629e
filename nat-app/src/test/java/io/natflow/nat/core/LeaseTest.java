package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTest {
    private static final LeasePolicy POLICY =
            new LeasePolicy(true, List.of(new LeasePolicy.PortRange(5000, 5009)), 600, 2);

    private static Nat leasing() {
        return nat(config().leases(POLICY).build());
    }

    private static PortForward tcp(int publicPort, int host, int port) {
        return PortForward.single(Protocol.TCP, ep(PUB1, publicPort), ep(host, port));
    }

    private static ForwardLease granted(LeaseResult r) {
        return assertInstanceOf(LeaseResult.Granted.class, r).lease();
    }

    private static LeaseResult.Reason refusedLease(LeaseResult r) {
        return assertInstanceOf(LeaseResult.Refused.class, r).reason();
    }

    @Test
    void aLeaseIsAForwardUntilItExpiresThenItAndItsSessionsGo() {
        Nat nat = leasing();
        ForwardLease lease = granted(nat.lease(tcp(5000, H1, 22), LeaseSource.PCP, 60_000, 0));
        assertEquals(H1, lease.owner());
        assertTrue(nat.forwards().contains(lease.rule()));
        Mapping session =
                admitted(nat.translateInbound(InboundPacket.tcp(ep(SRV, 4000), ep(PUB1, 5000), TcpFlags.SYN), 1));
        assertEquals(ep(H1, 22), session.internal());

        assertEquals(List.of(), nat.expireLeases(59_999));
        List<EndedLease> expired = nat.expireLeases(60_000);
        assertEquals(1, expired.size());
        assertEquals(lease, expired.get(0).lease());
        assertEquals(List.of(session), expired.get(0).sessions());
        assertFalse(nat.forwards().contains(lease.rule()));
        assertTrue(nat.leases().isEmpty());
        assertTrue(nat.lookup(session.id()).isEmpty());
    }

    @Test
    void renewalMovesTheDeadlineAndKeepsTheStart() {
        Nat nat = leasing();
        PortForward rule = tcp(5001, H1, 22);
        granted(nat.lease(rule, LeaseSource.NATPMP, 10_000, 0));
        ForwardLease renewed = granted(nat.lease(rule, LeaseSource.NATPMP, 20_000, 5_000));
        assertEquals(0, renewed.createdAt());
        assertEquals(20_000, renewed.expiresAt());
        assertEquals(List.of(), nat.expireLeases(15_000));
        assertEquals(1, nat.expireLeases(20_000).size());
    }

    @Test
    void thePolicyBoundsPortsLifetimeAndLeasesPerHost() {
        Nat nat = leasing();
        assertEquals(
                LeaseResult.Reason.PORT_NOT_ALLOWED,
                refusedLease(nat.lease(tcp(6000, H1, 22), LeaseSource.PCP, 1000, 0)));
        assertEquals(
                LeaseResult.Reason.INVALID, refusedLease(nat.lease(tcp(5000, H1, 22), LeaseSource.PCP, 600_001, 0)));
        assertEquals(LeaseResult.Reason.INVALID, refusedLease(nat.lease(tcp(5000, H1, 22), LeaseSource.PCP, 0, 0)));
        granted(nat.lease(tcp(5000, H1, 1), LeaseSource.PCP, 1000, 0));
        granted(nat.lease(tcp(5001, H1, 2), LeaseSource.PCP, 1000, 0));
        assertEquals(
                LeaseResult.Reason.HOST_LIMIT, refusedLease(nat.lease(tcp(5002, H1, 3), LeaseSource.PCP, 1000, 0)));
        granted(nat.lease(tcp(5002, H2, 3), LeaseSource.PCP, 1000, 0));
        assertEquals(2, nat.leasesOf(H1).size());
        assertEquals(
                LeaseResult.Reason.DISABLED, refusedLease(nat().lease(tcp(5000, H1, 22), LeaseSource.PCP, 1000, 0)));
    }

    @Test
    void aLeaseNeverTakesAnotherForwardsPortAndRemovalFreesTheHostsSlot() {
        Nat nat = leasing();
        nat.addForward(tcp(5003, H3, 80), 0);
        assertEquals(
                ForwardConflict.OVERLAPS_FORWARD,
                assertInstanceOf(LeaseResult.Conflict.class, nat.lease(tcp(5003, H1, 80), LeaseSource.PCP, 1000, 0))
                        .reason());
        assertTrue(nat.leaseOf(tcp(5003, H3, 80)).isEmpty());
        PortForward a = tcp(5004, H1, 1);
        granted(nat.lease(a, LeaseSource.PCP, 1000, 0));
        granted(nat.lease(tcp(5005, H1, 2), LeaseSource.PCP, 1000, 0));
        assertTrue(nat.removeForward(a, 1).isPresent());
        assertTrue(nat.leaseOf(a).isEmpty());
        granted(nat.lease(tcp(5006, H1, 3), LeaseSource.PCP, 1000, 1));
        assertInstanceOf(ReplaceResult.Unknown.class, nat.replaceForward(tcp(5005, H1, 2), tcp(5007, H1, 2), 2));
    }
}
