package io.natflow.nat.core;

/** A static inbound rule: a port (range) forward or a 1:1 address mapping. */
public sealed interface ForwardRule permits ForwardRule.PortForward, ForwardRule.AddressForward {

    /**
     * {@code publicIp:[publicPort, publicPort+count)} → {@code internalIp:[internalPort, ...)}, one
     * to one, for TCP or UDP. The public address must be in the pool; dynamic allocation never
     * hands these ports out while the forward exists.
     */
    record PortForward(Protocol protocol, int publicIp, int publicPort, int internalIp, int internalPort, int count)
            implements ForwardRule {
        public static PortForward single(Protocol protocol, Endpoint publicEndpoint, Endpoint internal) {
            return new PortForward(
                    protocol, publicEndpoint.ip(), publicEndpoint.port(), internal.ip(), internal.port(), 1);
        }
    }

    /**
     * Static 1:1 NAT: every protocol and port of {@code publicIp} ↔ {@code internalIp}, ports
     * unchanged. {@code publicIp} must not be in the dynamic pool (it belongs to this host alone).
     */
    record AddressForward(int publicIp, int internalIp) implements ForwardRule {}
}
