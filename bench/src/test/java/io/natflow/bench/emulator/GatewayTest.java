package io.natflow.bench.emulator;

import static io.natflow.bench.emulator.AnswerCheckerTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/** The emulated gateway answers natflow's ARP request for it (built by natflow's own GeneratedFrames), and nothing else. */
class GatewayTest {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    private static final int GATEWAY_IP = RouterAddresses.gatewayIp(3);
    private static final long GATEWAY_MAC = RouterAddresses.gatewayMac(3);
    private static final int ROUTER_WAN_IP = RouterAddresses.publicAddress(3, 1);

    private final Gateway gateway = new Gateway(GATEWAY_IP, GATEWAY_MAC);

    @Test
    void answersTheRoutersRequestForIt() throws Exception {
        byte[] reply = gateway.replyTo(bytes(
                out(Traffic.WAN_PORT, GeneratedFrames.arpRequest(Traffic.ROUTER_MAC, ROUTER_WAN_IP, GATEWAY_IP))));
        assertNotNull(reply);
        Frame frame = Frame.parse(reply);
        ArpPacket arp = frame.arp();
        assertEquals(true, arp.isReply());
        assertEquals(GATEWAY_IP, arp.senderIp());
        assertEquals(GATEWAY_MAC, arp.senderMac());
        assertEquals(ROUTER_WAN_IP, arp.targetIp());
        assertEquals(Traffic.ROUTER_MAC, arp.targetMac());
        assertEquals(Traffic.ROUTER_MAC, frame.ethDst());
    }

    @Test
    void ignoresOtherRequestsAndOtherPorts() {
        assertNull(gateway.replyTo(bytes(
                out(Traffic.WAN_PORT, GeneratedFrames.arpRequest(Traffic.ROUTER_MAC, ROUTER_WAN_IP, GATEWAY_IP + 1)))));
        assertNull(gateway.replyTo(
                bytes(out(1, GeneratedFrames.arpRequest(Traffic.ROUTER_MAC, ROUTER_WAN_IP, GATEWAY_IP)))));
        assertNull(gateway.replyTo(bytes(
                out(Traffic.WAN_PORT, Packets.arpReply(Traffic.ROUTER_MAC, ROUTER_WAN_IP, GATEWAY_MAC, GATEWAY_IP)))));
    }

    private static OFMessage out(int port, byte[] data) {
        return F.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(F.actions().output(OFPort.of(port), 0xffff)))
                .setData(data)
                .build();
    }
}
