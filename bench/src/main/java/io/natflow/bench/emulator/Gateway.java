package io.natflow.bench.emulator;

import io.netty.buffer.ByteBuf;

/**
 * The upstream gateway behind one emulated switch's WAN port, as far as ARP goes. natflow's
 * router asks for the gateway's MAC when it starts (and again now and then) with a packet-out of
 * an ARP request out of the WAN port; it sends first packets on only once it knows the answer
 * (until then it holds them). This recognizes that request and builds the gateway's reply, which
 * the switch sends up as a packet-in from the WAN port, as a real switch's ARP flow would.
 */
final class Gateway {
    private static final int ARP_REQUEST = 1;

    final int ip;
    final long mac;
    private final OfWire.View view = new OfWire.View();

    Gateway(int ip, long mac) {
        this.ip = ip;
        this.mac = mac;
    }

    /**
     * The reply frame if {@code message} (a whole OpenFlow message) is a packet-out of an ARP
     * request for this gateway out of the WAN port; null for anything else.
     */
    byte[] replyTo(ByteBuf message) {
        if (message.getUnsignedByte(message.readerIndex() + 1) != OfWire.T_PACKET_OUT
                || !view.read(message)
                || view.outputs != 1
                || view.outputPort != Traffic.WAN_PORT
                || view.dataLength < Packets.ETH + 28) {
            return null;
        }
        int d = view.dataOffset;
        int a = d + Packets.ETH;
        boolean request = message.getUnsignedShort(d + 12) == Packets.ETHERTYPE_ARP
                && message.getUnsignedShort(a) == 1
                && message.getUnsignedShort(a + 2) == Packets.ETHERTYPE_IPV4
                && message.getUnsignedByte(a + 4) == 6
                && message.getUnsignedByte(a + 5) == 4
                && message.getUnsignedShort(a + 6) == ARP_REQUEST;
        if (!request || message.getInt(a + 24) != ip) {
            return null;
        }
        long askerMac = message.getUnsignedInt(a + 8) << 16 | message.getUnsignedShort(a + 12);
        int askerIp = message.getInt(a + 14);
        return Packets.arpReply(mac, ip, askerMac, askerIp);
    }
}
