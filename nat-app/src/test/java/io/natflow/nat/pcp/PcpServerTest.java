package io.natflow.nat.pcp;

import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.InboundPacket;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.LeasePolicy;
import io.natflow.nat.core.LeaseSource;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.OutboundPacket;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The server over a real {@link Nat}: requests as bytes in, replies as bytes out. */
class PcpServerTest {
    private static final int H1 = Ipv4.parse("10.0.0.11");
    private static final int H2 = Ipv4.parse("10.0.0.12");
    private static final int PUB = Ipv4.parse("203.0.113.1");
    private static final int SRV = Ipv4.parse("198.51.100.80");
    private static final long START = 1_000_000;

    private final Nat nat = new Nat(
            NatConfig.builder(PUB)
                    .portRange(20000, 30000)
                    .leases(new LeasePolicy(true, List.of(new LeasePolicy.PortRange(5000, 5009)), 120, 3))
                    .build(),
            new SplittableRandom(1),
            64);
    private final PcpServer server = new PcpServer(nat, START);

    private Answer send(int from, byte[] request, long now) {
        return server.handle(from, request, 0, request.length, now);
    }

    private static int result(Answer a) {
        return Wire.u8(a.reply(), 3);
    }

    private static byte[] map(
            int client, long lifetime, int nonce, int internalPort, int suggestedPort, byte[]... options) {
        return Wire.map(client, lifetime, 42, nonce, 6, internalPort, suggestedPort, 0, options);
    }

    @Test
    void mapGrantsAForwardThatInboundTrafficUsesWithTheLifetimeClippedAndTheEpoch() {
        Answer a = send(H1, map(H1, 3600, 1, 22, 5000), START + 5_000);
        assertEquals(0, result(a));
        assertEquals(120, Wire.u32(a.reply(), 4)); // clipped to the policy's max
        assertEquals(5, Wire.u32(a.reply(), 8)); // epoch seconds
        assertEquals(5000, Wire.u16(a.reply(), 42));
        assertEquals(PUB, Wire.ipAt(a.reply(), 44));
        assertEquals(1, a.created().size());
        assertEquals(LeaseSource.PCP, a.created().get(0).source());
        assertTrue(
                nat.translateInbound(
                                InboundPacket.tcp(new Endpoint(SRV, 1234), new Endpoint(PUB, 5000), TcpFlags.SYN),
                                START + 6_000)
                        instanceof io.natflow.nat.core.InboundDecision.Translate);
    }

    @Test
    void renewKeepsThePortDeleteNeedsTheNonceAndExpiryEndsIt() {
        send(H1, map(H1, 60, 1, 22, 5001), START);
        Answer renewed = send(H1, map(H1, 100, 1, 22, 0), START + 50_000);
        assertEquals(0, result(renewed));
        assertEquals(5001, Wire.u16(renewed.reply(), 42));
        assertTrue(renewed.created().isEmpty());
        assertEquals(2, result(send(H1, map(H1, 0, 2, 22, 0), START + 51_000))); // another nonce: NOT_AUTHORIZED
        assertEquals(2, result(send(H1, map(H1, 60, 2, 22, 0), START + 51_000)));
        assertTrue(server.expire(START + 149_999).isEmpty());
        assertEquals(1, server.expire(START + 150_000).size());
        assertTrue(nat.leases().isEmpty());

        send(H1, map(H1, 60, 3, 23, 5002), START + 200_000);
        Answer deleted = send(H1, map(H1, 0, 3, 23, 0), START + 201_000);
        assertEquals(0, result(deleted));
        assertEquals(0, Wire.u32(deleted.reply(), 4));
        assertEquals(1, deleted.ended().size());
        assertTrue(nat.leases().isEmpty());
        assertEquals(0, result(send(H1, map(H1, 0, 3, 23, 0), START + 202_000))); // nothing left: still SUCCESS
    }

    @Test
    void configForwardsAreNeverTakenOrChanged() {
        PortForward config = PortForward.single(Protocol.TCP, new Endpoint(PUB, 5003), new Endpoint(H2, 80));
        nat.addForward(config, START);
        Answer other = send(H1, map(H1, 60, 1, 22, 5003), START);
        assertEquals(0, result(other));
        assertEquals(5004, Wire.u16(other.reply(), 42)); // the next free allowed port
        Answer strict = send(H1, map(H1, 60, 1, 24, 5003, Wire.option(PcpCodec.OPTION_PREFER_FAILURE, 0)), START);
        assertEquals(PcpResult.CANNOT_PROVIDE_EXTERNAL.code(), result(strict));
        assertEquals(2, result(send(H2, map(H2, 0, 1, 80, 0), START))); // deleting a config forward
        assertEquals(2, result(send(H2, map(H2, 60, 1, 80, 0), START)));
        assertTrue(nat.forwards().contains(config));
    }

    @Test
    void anotherHostsAddressAThirdPartyAndTheQuotaAreRefused() {
        assertEquals(PcpResult.ADDRESS_MISMATCH.code(), result(send(H1, map(H2, 60, 1, 22, 0), START)));
        byte[] third = map(H1, 60, 1, 22, 0, Wire.option(PcpCodec.OPTION_THIRD_PARTY, 16));
        assertEquals(PcpResult.NOT_AUTHORIZED.code(), result(send(H1, third, START)));
        for (int port = 1; port <= 3; port++) {
            assertEquals(0, result(send(H1, map(H1, 60, 1, port, 0), START)));
        }
        assertEquals(PcpResult.USER_EX_QUOTA.code(), result(send(H1, map(H1, 60, 1, 4, 0), START)));
        assertEquals(3, nat.leasesOf(H1).size());
    }

    @Test
    void errorsEchoTheRequestAndUnknownOrMalformedOnesAreTyped() {
        byte[] m = map(H1, 60, 9, 22, 0);
        Answer malformed = server.handle(H1, m, 0, 58, START);
        assertEquals(PcpResult.MALFORMED_REQUEST.code(), result(malformed));
        assertEquals(60, malformed.reply().length);
        assertEquals(0x81, Wire.u8(malformed.reply(), 1));
        byte[] unknown = Wire.announce(H1);
        unknown[1] = 5;
        assertEquals(PcpResult.UNSUPP_OPCODE.code(), result(send(H1, unknown, START)));
        assertEquals(PcpResult.UNSUPP_PROTOCOL.code(), result(send(H1, Wire.map(H1, 60, 1, 1, 132, 22, 0, 0), START)));
        assertEquals(PcpResult.MALFORMED_REQUEST.code(), result(send(H1, Wire.map(H1, 60, 1, 1, 0, 22, 0, 0), START)));
        assertNull(send(H1, new byte[] {2}, START).reply());
        assertTrue(nat.leases().isEmpty());
    }

    @Test
    void peerReportsAnOutboundSessionsMappingAndOnlyThat() {
        OutboundDecision d =
                nat.translateOutbound(OutboundPacket.udp(new Endpoint(H1, 4000), new Endpoint(SRV, 53)), START);
        int publicPort = ((OutboundDecision.Translate) d).mapping().publicPort();
        Answer a = send(H1, Wire.peer(H1, 600, 17, 4000, SRV, 53), START);
        assertEquals(0, result(a));
        assertEquals(publicPort, Wire.u16(a.reply(), 42));
        assertEquals(120, Wire.u32(a.reply(), 4));
        assertEquals(SRV, Wire.ipAt(a.reply(), 64)); // the remote peer, echoed
        assertEquals(PcpResult.NOT_AUTHORIZED.code(), result(send(H1, Wire.peer(H1, 600, 17, 4001, SRV, 53), START)));
        assertEquals(PcpResult.NOT_AUTHORIZED.code(), result(send(H2, Wire.peer(H2, 600, 17, 4000, SRV, 53), START)));
        // a MAP for the internal endpoint of a live outbound session cannot take it over
        assertEquals(PcpResult.NO_RESOURCES.code(), result(send(H1, Wire.map(H1, 60, 1, 1, 17, 4000, 0, 0), START)));
    }

    @Test
    void announceAnswersWithTheEpoch() {
        Answer a = send(H1, Wire.announce(H1), START + 3_000);
        assertEquals(0, result(a));
        assertEquals(0x80, Wire.u8(a.reply(), 1));
        assertEquals(3, Wire.u32(a.reply(), 8));
        assertEquals(0, Wire.u32(server.announcement(START), 8));
    }

    @Test
    void natPmpMapsRenewsDeletesAndReportsTheAddress() {
        Answer address = send(H1, new byte[] {0, 0}, START + 2_000);
        assertArrayEquals(new byte[] {0, (byte) 128, 0, 0, 0, 0, 0, 2, (byte) 203, 0, 113, 1}, address.reply());
        Answer a = send(H1, Wire.natPmpMap(true, 5000, 5000, 60), START);
        assertEquals(0, Wire.u16(a.reply(), 2));
        assertEquals(5000, Wire.u16(a.reply(), 8));
        assertEquals(5000, Wire.u16(a.reply(), 10));
        assertEquals(60, Wire.u32(a.reply(), 12));
        assertEquals(LeaseSource.NATPMP, a.created().get(0).source());
        Answer taken = send(H2, Wire.natPmpMap(true, 5000, 5000, 60), START); // port taken: the next one
        assertEquals(5001, Wire.u16(taken.reply(), 10));
        assertEquals(
                0,
                Wire.u16(send(H1, Wire.natPmpMap(true, 5000, 5000, 999), START).reply(), 2));
        assertEquals(2, nat.leases().size());
        Answer deleted = send(H1, Wire.natPmpMap(true, 5000, 0, 0), START);
        assertEquals(0, Wire.u16(deleted.reply(), 2));
        assertEquals(0, Wire.u32(deleted.reply(), 12));
        assertEquals(1, deleted.ended().size());
        assertEquals(1, nat.leases().size());
        assertEquals(5, Wire.u16(send(H1, new byte[] {0, 7}, START).reply(), 2));
        assertNull(send(H1, new byte[] {0, 1, 0}, START).reply());
    }

    @Test
    void natPmpCannotTouchPcpLeasesNorPcpNatPmpOnes() {
        send(H1, map(H1, 60, 1, 22, 5005), START);
        assertEquals(2, Wire.u16(send(H1, Wire.natPmpMap(true, 22, 0, 0), START).reply(), 2));
        send(H1, Wire.natPmpMap(true, 23, 0, 60), START);
        assertEquals(PcpResult.NOT_AUTHORIZED.code(), result(send(H1, map(H1, 0, 1, 23, 0), START)));
        assertEquals(2, nat.leases().size());
    }
}
