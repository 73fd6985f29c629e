package io.natflow.nat.pcp;

import io.natflow.nat.core.EndedLease;
import io.natflow.nat.core.Nat;
import java.util.List;

/**
 * The PCP server of one router (RFC 6887), which answers NAT-PMP (RFC 6886) on the same port:
 * a datagram's first byte (the version) picks the protocol. One request in, one {@link Answer}
 * out; leases are made and ended in the {@link Nat} at once. The epoch starts with the server:
 * leases do not survive a controller restart, and the epoch reset tells clients to ask again
 * (RFC 6887 §8.5).
 *
 * <p>Not thread-safe: call it on the router's thread, like the {@link Nat}.
 */
public final class PcpServer {
    /** The server's UDP port (RFC 6887 §19.1, RFC 6886 §3). */
    public static final int PORT = 5351;
    /** Where a client listens for unsolicited ANNOUNCE (RFC 6887 §8.1). */
    public static final int CLIENT_PORT = 5350;

    private final Nat nat;
    private final long epochStartMillis;
    private final PcpHandler pcp;
    private final NatPmpHandler natPmp;

    public PcpServer(Nat nat, long startMillis) {
        this.nat = nat;
        this.epochStartMillis = startMillis;
        LeaseGranter granter = new LeaseGranter(nat);
        this.pcp = new PcpHandler(nat, granter);
        this.natPmp = new NatPmpHandler(nat, granter);
    }

    /** Off (the policy's {@code enabled}): the router treats the port like any other of its own. */
    public boolean enabled() {
        return nat.config().leases().enabled();
    }

    /** Seconds since the start of the epoch (RFC 6887 §8.5, RFC 6886 §3.6). */
    public long epoch(long nowMillis) {
        return Math.max(0, (nowMillis - epochStartMillis) / 1000) & 0xffffffffL;
    }

    /**
     * Answers the UDP payload {@code b[off, off+len)} that {@code sourceIp} sent to the server port.
     */
    public Answer handle(int sourceIp, byte[] b, int off, int len, long nowMillis) {
        if (len >= 1 && b[off] == NatPmpCodec.VERSION) {
            return natPmp.handle(sourceIp, b, off, len, epoch(nowMillis), nowMillis);
        }
        return pcp.handle(sourceIp, b, off, len, epoch(nowMillis), nowMillis);
    }

    /** Ends the leases whose time is up (with their forwards and sessions). */
    public List<EndedLease> expire(long nowMillis) {
        List<EndedLease> ended = nat.expireLeases(nowMillis);
        ended.forEach(e -> pcp.forget(e.lease().rule()));
        return ended;
    }

    /** The unsolicited ANNOUNCE a restarted server multicasts to 224.0.0.1:5350 (RFC 6887 §14.1.3). */
    public byte[] announcement(long nowMillis) {
        return PcpCodec.announce(epoch(nowMillis));
    }
}
