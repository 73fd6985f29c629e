package io.natflow.nat.core;

/**
 * The NAT-relevant tuple of a packet from the LAN.
 *
 * @param protocol protocol
 * @param internal source endpoint (for ICMP queries the port is the identifier)
 * @param remote   destination endpoint (port 0 for ICMP)
 * @param tcpFlags {@link TcpFlags} bits, 0 if not TCP
 */
public record OutboundPacket(Protocol protocol, Endpoint internal, Endpoint remote, int tcpFlags) {
    public static OutboundPacket udp(Endpoint internal, Endpoint remote) {
        return new OutboundPacket(Protocol.UDP, internal, remote, 0);
    }

    public static OutboundPacket tcp(Endpoint internal, Endpoint remote, int flags) {
        return new OutboundPacket(Protocol.TCP, internal, remote, flags);
    }

    /** An ICMP query (echo, timestamp, information) with its identifier. */
    public static OutboundPacket icmpQuery(int internalIp, int identifier, int remoteIp) {
        return new OutboundPacket(Protocol.ICMP, new Endpoint(internalIp, identifier), new Endpoint(remoteIp, 0), 0);
    }
}
