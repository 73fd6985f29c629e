package io.natflow.nat.core;

/**
 * The NAT-relevant tuple of a packet arriving on a public address.
 *
 * @param protocol       protocol
 * @param remote         source endpoint (port 0 for ICMP)
 * @param publicEndpoint destination endpoint (for ICMP query replies the port is the identifier)
 * @param tcpFlags       {@link TcpFlags} bits, 0 if not TCP
 */
public record InboundPacket(Protocol protocol, Endpoint remote, Endpoint publicEndpoint, int tcpFlags) {
    public static InboundPacket udp(Endpoint remote, Endpoint publicEndpoint) {
        return new InboundPacket(Protocol.UDP, remote, publicEndpoint, 0);
    }

    public static InboundPacket tcp(Endpoint remote, Endpoint publicEndpoint, int flags) {
        return new InboundPacket(Protocol.TCP, remote, publicEndpoint, flags);
    }

    /** An ICMP query reply sent to {@code publicIp} with the public identifier. */
    public static InboundPacket icmpReply(int remoteIp, int publicIp, int identifier) {
        return new InboundPacket(Protocol.ICMP, new Endpoint(remoteIp, 0), new Endpoint(publicIp, identifier), 0);
    }
}
