package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.ForwardRule.AddressForward;
import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Nat#replaceForward}: in place, even onto the old rule's own ports and endpoints;
 * ports that move skip the quarantine, ports given up enter it; on a conflict nothing changes.
 * The forwards sit inside a small dynamic range so that reservation and quarantine show in
 * {@link Nat#freePorts} and {@link Nat#quarantinedPorts}.
 */
class ForwardReplaceTest {
    private static final int STATIC_PUB = Ipv4.parse("203.0.113.50");
    private static final long QUARANTINE = 120_000;

    private static Nat smallNat() {
        return nat(config().portRange(5000, 5031).build()); // 32 dynamic ports per protocol
    }

    private static List<Mapping> replaced(ReplaceResult r) {
        return assertInstanceOf(ReplaceResult.Replaced.class, r).removedSessions();
    }

    private static ForwardConflict conflict(ReplaceResult r) {
        return assertInstanceOf(ReplaceResult.Conflict.class, r).reason();
    }

    private static Mapping tcpIn(Nat nat, int publicPort, long now) {
        return admitted(
                nat.translateInbound(InboundPacket.tcp(ep(SRV, 40000), ep(PUB1, publicPort), TcpFlags.SYN), now));
    }

    @Test
    void changingTheInternalPortKeepsThePublicPortWithoutQuarantine() {
        Nat nat = smallNat();
        PortForward old = PortForward.single(Protocol.TCP, ep(PUB1, 5000), ep(H3, 80));
        PortForward next = PortForward.single(Protocol.TCP, ep(PUB1, 5000), ep(H3, 8000));
        nat.addForward(old, 0);

        assertEquals(List.of(), replaced(nat.replaceForward(old, next, 10)));

        assertEquals(List.of(next), nat.forwards());
        assertEquals(0, nat.quarantinedPorts(), "the moved port never entered quarantine");
        assertEquals(31, nat.freePorts(Protocol.TCP, PUB1, 10), "5000 is still reserved");
        assertEquals(ep(H3, 8000), tcpIn(nat, 5000, 11).internal());
    }

    @Test
    void wideningARangeReservesOnlyTheNewPorts() {
        Nat nat = smallNat();
        PortForward old = new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 10);
        PortForward wide = new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 20);
        nat.addForward(old, 0);

        replaced(nat.replaceForward(old, wide, 10));

        assertEquals(List.of(wide), nat.forwards());
        assertEquals(0, nat.quarantinedPorts());
        assertEquals(12, nat.freePorts(Protocol.UDP, PUB1, 10));
        assertEquals(
                ep(H3, 6015), admitted(udpIn(nat, SRV, 9, ep(PUB1, 5015), 11)).internal());
        assertEquals(
                ep(H3, 6003), admitted(udpIn(nat, SRV, 9, ep(PUB1, 5003), 11)).internal());
    }

    @Test
    void narrowingARangeQuarantinesOnlyThePortsGivenUp() {
        Nat nat = smallNat();
        PortForward old = new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 20);
        PortForward narrow = new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 10);
        nat.addForward(old, 0);

        replaced(nat.replaceForward(old, narrow, 10));

        assertEquals(10, nat.quarantinedPorts(), "5010-5019 given up");
        assertEquals(12, nat.freePorts(Protocol.UDP, PUB1, 10));
        assertEquals(22, nat.freePorts(Protocol.UDP, PUB1, 10 + QUARANTINE), "5000-5009 stay reserved");
        assertEquals(DropReason.NO_MAPPING, dropped(udpIn(nat, SRV, 9, ep(PUB1, 5015), 11)));
        assertEquals(
                ep(H3, 6005), admitted(udpIn(nat, SRV, 9, ep(PUB1, 5005), 11)).internal());
    }

    @Test
    void changingTheProtocolQuarantinesTheOldPortAndReservesTheNew() {
        Nat nat = smallNat();
        PortForward tcp = PortForward.single(Protocol.TCP, ep(PUB1, 5000), ep(H3, 80));
        PortForward udp = PortForward.single(Protocol.UDP, ep(PUB1, 5000), ep(H3, 80));
        nat.addForward(tcp, 0);

        replaced(nat.replaceForward(tcp, udp, 10));

        assertEquals(1, nat.quarantinedPorts());
        assertEquals(31, nat.freePorts(Protocol.UDP, PUB1, 10));
        assertEquals(32, nat.freePorts(Protocol.TCP, PUB1, 10 + QUARANTINE));
    }

    @Test
    void theOldRulesSessionsAreRemovedAndReturnedOthersStay() {
        Nat nat = smallNat();
        PortForward old = new PortForward(Protocol.TCP, PUB1, 5000, H3, 80, 2);
        nat.addForward(old, 0);
        Mapping first = tcpIn(nat, 5000, 1);
        Mapping second = tcpIn(nat, 5001, 1);
        Mapping dynamic = mapped(udpOut(nat, H1, 7000, SRV, 53, 1));

        List<Mapping> removed =
                replaced(nat.replaceForward(old, new PortForward(Protocol.TCP, PUB1, 5000, H3, 8000, 2), 10));

        assertEquals(List.of(first, second), removed);
        assertTrue(nat.lookup(first.id()).isEmpty());
        assertTrue(nat.lookup(second.id()).isEmpty());
        assertEquals(List.of(dynamic), toList(nat.mappings()));
        assertEquals(0, nat.quarantinedPorts(), "sessions of a forward do not release its ports");
    }

    @Test
    void conflictWithAnotherForwardChangesNothing() {
        Nat nat = smallNat();
        PortForward old = new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 5);
        PortForward other = PortForward.single(Protocol.UDP, ep(PUB1, 5010), ep(H2, 53));
        nat.addForward(old, 0);
        nat.addForward(other, 0);
        Mapping session = admitted(udpIn(nat, SRV, 9, ep(PUB1, 5000), 1));

        assertEquals(
                ForwardConflict.OVERLAPS_FORWARD,
                conflict(nat.replaceForward(old, new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 11), 10)));
        assertEquals(
                ForwardConflict.INTERNAL_ENDPOINT_TAKEN,
                conflict(nat.replaceForward(old, PortForward.single(Protocol.UDP, ep(PUB1, 5000), ep(H2, 53)), 10)));
        assertEquals(ForwardConflict.OVERLAPS_FORWARD, conflict(nat.replaceForward(old, other, 10)));
        assertEquals(
                ForwardConflict.INVALID,
                conflict(nat.replaceForward(old, new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 0), 10)));

        assertUnchanged(nat, List.of(old, other), session, 26);
        assertEquals(
                ep(H3, 6004), admitted(udpIn(nat, SRV, 9, ep(PUB1, 5004), 11)).internal());
    }

    @Test
    void conflictWithALiveDynamicMappingChangesNothing() {
        Nat nat = smallNat();
        PortForward old = new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 5);
        nat.addForward(old, 0);
        Mapping session = admitted(udpIn(nat, SRV, 9, ep(PUB1, 5001), 1));
        Mapping onPublic = mapped(udpOut(nat, H1, 5007, SRV, 53, 1)); // port preserved
        assertEquals(5007, onPublic.publicPort());
        Mapping onInternal = mapped(udpOut(nat, H3, 6020, SRV, 53, 1));

        assertEquals(
                ForwardConflict.OVERLAPS_MAPPING,
                conflict(nat.replaceForward(old, new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 10), 10)));
        assertEquals(
                ForwardConflict.OVERLAPS_MAPPING,
                conflict(nat.replaceForward(old, new PortForward(Protocol.UDP, PUB1, 5000, H3, 6016, 5), 10)));

        assertUnchanged(nat, List.of(old), session, 32 - 5 - 2);
        assertTrue(nat.lookup(onPublic.id()).isPresent());
        assertTrue(nat.lookup(onInternal.id()).isPresent());
    }

    @Test
    void aPortInQuarantineStillBlocksTheReplacement() {
        Nat nat = smallNat();
        PortForward old = new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 5);
        nat.addForward(old, 0);
        Mapping session = admitted(udpIn(nat, SRV, 9, ep(PUB1, 5000), 1));
        nat.delete(mapped(udpOut(nat, H1, 5005, SRV, 53, 1)).id(), 2);

        assertEquals(
                ForwardConflict.PORT_IN_QUARANTINE,
                conflict(nat.replaceForward(old, new PortForward(Protocol.UDP, PUB1, 5000, H3, 6000, 6), 10)));

        assertEquals(List.of(old), nat.forwards());
        assertTrue(nat.lookup(session.id()).isPresent());
        assertEquals(1, nat.quarantinedPorts(), "only the deleted mapping's port");
    }

    @Test
    void anUnknownOldRuleChangesNothing() {
        Nat nat = smallNat();
        PortForward existing = PortForward.single(Protocol.TCP, ep(PUB1, 5000), ep(H3, 80));
        PortForward unknown = PortForward.single(Protocol.TCP, ep(PUB1, 5000), ep(H3, 81));
        nat.addForward(existing, 0);

        ReplaceResult r = nat.replaceForward(unknown, PortForward.single(Protocol.TCP, ep(PUB1, 5001), ep(H2, 1)), 10);

        assertEquals(new ReplaceResult.Unknown(unknown), r);
        assertEquals(List.of(existing), nat.forwards());
        assertEquals(31, nat.freePorts(Protocol.TCP, PUB1, 10));
    }

    @Test
    void anEqualReplacementKeepsTheSessions() {
        Nat nat = smallNat();
        PortForward rule = PortForward.single(Protocol.TCP, ep(PUB1, 5000), ep(H3, 80));
        nat.addForward(rule, 0);
        Mapping session = tcpIn(nat, 5000, 1);

        assertEquals(List.of(), replaced(nat.replaceForward(rule, rule, 10)));

        assertTrue(nat.lookup(session.id()).isPresent());
        assertEquals(List.of(rule), nat.forwards());
    }

    @Test
    void anAddressForwardCanBeRetargetedOrTurnedIntoAPortForwardOfItsHost() {
        Nat nat = smallNat();
        AddressForward toH3 = new AddressForward(STATIC_PUB, H3);
        AddressForward toH2 = new AddressForward(STATIC_PUB, H2);
        nat.addForward(toH3, 0);
        Mapping session = mapped(udpOut(nat, H3, 4444, SRV, 53, 1));

        assertEquals(List.of(session), replaced(nat.replaceForward(toH3, toH2, 10)));
        assertEquals(
                ep(STATIC_PUB, 4444), mapped(udpOut(nat, H2, 4444, SRV, 53, 11)).publicEndpoint());

        // the same host keeps a port forward instead: adding it beside the address forward is refused
        PortForward web = PortForward.single(Protocol.TCP, ep(PUB1, 5000), ep(H2, 80));
        assertEquals(
                ForwardConflict.INTERNAL_ENDPOINT_TAKEN,
                assertInstanceOf(ForwardResult.Conflict.class, nat.addForward(web, 12))
                        .reason());
        assertEquals(1, replaced(nat.replaceForward(toH2, web, 12)).size());
        assertEquals(List.of(web), nat.forwards());
        assertFalse(nat.isPublicAddress(STATIC_PUB));
        assertEquals(ep(H2, 80), tcpIn(nat, 5000, 13).internal());
    }

    @Test
    void anAddressForwardOntoAHostWithDynamicMappingsChangesNothing() {
        Nat nat = smallNat();
        AddressForward toH3 = new AddressForward(STATIC_PUB, H3);
        nat.addForward(toH3, 0);
        Mapping session = mapped(udpOut(nat, H3, 4444, SRV, 53, 1));
        mapped(udpOut(nat, H1, 4444, SRV, 53, 1));

        assertEquals(
                ForwardConflict.OVERLAPS_MAPPING,
                conflict(nat.replaceForward(toH3, new AddressForward(STATIC_PUB, H1), 10)));

        assertEquals(List.of(toH3), nat.forwards());
        assertTrue(nat.lookup(session.id()).isPresent());
    }

    /** The old rules are in place, the session lives, ports are as they were, nothing in quarantine. */
    private static void assertUnchanged(Nat nat, List<ForwardRule> rules, Mapping session, int freeUdp) {
        assertEquals(rules, nat.forwards());
        assertTrue(nat.lookup(session.id()).isPresent(), "session kept");
        assertEquals(0, nat.quarantinedPorts());
        assertEquals(freeUdp, nat.freePorts(Protocol.UDP, PUB1, 10));
    }

    private static List<Mapping> toList(Iterable<Mapping> mappings) {
        List<Mapping> out = new ArrayList<>();
        mappings.forEach(out::add);
        return out;
    }
}
