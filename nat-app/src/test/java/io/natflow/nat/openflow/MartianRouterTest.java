package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** RFC 1812 martians at the router: dropped, counted by reason, never a mapping (issue 10.5). */
class MartianRouterTest {
    private static final String[] MARTIAN_DESTINATIONS = {"255.255.255.255", "127.0.0.1", "224.0.0.1", "0.0.0.0"};

    @Test
    void noMappingToAMartianDestinationForAnyProtocol() {
        RouterFixture r = new RouterFixture();
        for (String dst : MARTIAN_DESTINATIONS) {
            int ip = TestPackets.ip(dst);
            assertTrue(r.miss(1, TestPackets.udp(H1, 5000, ip, 53, 8), 0).isEmpty(), dst);
            assertTrue(
                    r.miss(1, TestPackets.tcp(H1, 5001, ip, 80, TcpFlags.SYN, 0), 0)
                            .isEmpty(),
                    dst);
            assertTrue(
                    r.miss(1, TestPackets.icmpEcho(H1, ip, IcmpMessage.ECHO_REQUEST, 9, 1, 8), 0)
                            .isEmpty(),
                    dst);
        }
        assertEquals(0, r.nat.size());
        assertEquals(3L * MARTIAN_DESTINATIONS.length, r.counters.get("drop.MARTIAN_DESTINATION"));
    }

    @Test
    void noMappingFromTheRoutersOwnOrTheLansNetworkOrBroadcastAddress() {
        RouterFixture r = new RouterFixture();
        String[] reserved = {"10.0.0.1", "10.0.0.255", "10.0.0.0"};
        for (String src : reserved) {
            int ip = TestPackets.ip(src);
            assertTrue(r.miss(1, TestPackets.udp(ip, 5000, SRV, 53, 8), 0).isEmpty(), src);
            assertTrue(
                    r.miss(1, TestPackets.icmpEcho(ip, SRV, IcmpMessage.ECHO_REQUEST, 9, 1, 8), 0)
                            .isEmpty(),
                    src);
        }
        assertEquals(0, r.nat.size());
        assertEquals(2L * reserved.length, r.counters.get("drop.INSIDE_SOURCE_RESERVED"));
        assertEquals(
                2,
                r.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0).stream()
                        .filter(m -> m instanceof org.projectfloodlight.openflow.protocol.OFFlowAdd)
                        .count(),
                "a real host still gets through");
    }

    @Test
    void fromTheWanMartianAndLanSourcesGetNoAnswerNoForwardNoMapping() {
        RouterFixture r = new RouterFixture();
        // The router answers pings to its public address, but not to a martian or spoofed LAN source.
        for (String src : new String[] {"127.0.0.1", "0.0.0.0", "224.0.0.1", "10.0.0.11"}) {
            int ip = TestPackets.ip(src);
            List<OFMessage> out = r.miss(4, TestPackets.icmpEcho(ip, PUBLIC_IP, IcmpMessage.ECHO_REQUEST, 9, 1, 8), 0);
            assertTrue(out.isEmpty(), src + ": " + out);
            assertTrue(
                    r.miss(4, TestPackets.tcp(ip, 4000, PUBLIC_IP, 8080, TcpFlags.SYN, 0), 0)
                            .isEmpty(),
                    src);
        }
        assertEquals(6, r.counters.get("drop.MARTIAN_SOURCE"));
        assertEquals(2, r.counters.get("drop.OUTSIDE_SOURCE_IN_LAN"));
        assertEquals(
                1,
                packetOuts(r.miss(4, TestPackets.icmpEcho(SRV, PUBLIC_IP, IcmpMessage.ECHO_REQUEST, 9, 1, 8), 0))
                        .size(),
                "an ordinary remote is answered");
    }
}
