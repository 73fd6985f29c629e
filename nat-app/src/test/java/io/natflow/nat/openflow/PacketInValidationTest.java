package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.H1;
import static io.natflow.nat.openflow.RouterFixture.OF;
import static io.natflow.nat.openflow.RouterFixture.SRV;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.TestPackets;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/** Packet-in fields a switch controls are checked before use: a bad one is counted and dropped. */
class PacketInValidationTest {
    private static final byte[] SYN = TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0);

    private static OFPacketIn packetIn(Match match) {
        return OF.buildPacketIn()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(SYN.length)
                .setReason(OFPacketInReason.NO_MATCH)
                .setTableId(Tables.NAT)
                .setCookie(Tables.STATIC_COOKIE)
                .setMatch(match)
                .setData(SYN)
                .build();
    }

    @Test
    void aPacketInWithoutInPortIsCountedAndDropped() {
        RouterFixture r = new RouterFixture();
        assertTrue(r.router.packetIn(packetIn(OF.buildMatch().build()), 0).isEmpty());
        assertEquals(1, r.counters.get("drop.NO_IN_PORT"));
        assertEquals(0, r.nat.size(), "no mapping was made");
    }

    @Test
    void aMaskedInPortIsNotAnInPort() {
        RouterFixture r = new RouterFixture();
        Match masked = OF.buildMatch()
                .setMasked(MatchField.IN_PORT, OFPort.of(1), OFPort.of(0xff))
                .build();
        assertTrue(r.router.packetIn(packetIn(masked), 0).isEmpty());
        assertEquals(1, r.counters.get("drop.NO_IN_PORT"));
    }

    @Test
    void theSamePacketWithItsInPortIsTranslated() {
        RouterFixture r = new RouterFixture();
        assertFalse(
                r.router
                        .packetIn(
                                packetIn(OF.buildMatch()
                                        .setExact(MatchField.IN_PORT, OFPort.of(1))
                                        .build()),
                                0)
                        .isEmpty(),
                "a first packet from h1 on a LAN port gets its flows");
        assertEquals(0, r.counters.get("drop.NO_IN_PORT"));
    }
}
