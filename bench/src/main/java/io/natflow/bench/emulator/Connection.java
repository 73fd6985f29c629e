package io.natflow.bench.emulator;

/**
 * One emulated first packet: its tag, the 5-tuple, the port it came in on, its bytes, and what
 * the controller has answered so far. Mutable, owned by one switch's event loop.
 */
final class Connection {
    static final int OUTBOUND_FLOW = 1;
    static final int INBOUND_FLOW = 2;
    static final int PACKET_OUT = 4;
    static final int ALL = OUTBOUND_FLOW | INBOUND_FLOW | PACKET_OUT;

    /** The connection's number, carried in the packet (TCP sequence, UDP payload): finds it in a packet-out. */
    final int tag;

    final boolean tcp;
    final int internalIp;
    final int internalPort;
    final int remoteIp;
    final int remotePort;
    final int inPort;
    final byte[] frame;
    /** When the packet-in was sent (or, at a fixed rate, was due): latency counts from here. */
    long startNanos;
    /** Sent during the measured phase. */
    boolean measured;
    /** Sent during the fill phase (sessions set up before the measurement). */
    boolean fill;
    /** Completed, wrong or timed out: no longer outstanding. */
    boolean settled;

    int answered;
    long cookie = -1;
    /** The public endpoint, from whichever answer came first; -1 until then. */
    int publicIp;

    int publicPort = -1;

    Connection(
            int tag,
            boolean tcp,
            int internalIp,
            int internalPort,
            int remoteIp,
            int remotePort,
            int inPort,
            byte[] frame) {
        this.tag = tag;
        this.tcp = tcp;
        this.internalIp = internalIp;
        this.internalPort = internalPort;
        this.remoteIp = remoteIp;
        this.remotePort = remotePort;
        this.inPort = inPort;
        this.frame = frame;
    }

    long key() {
        return key(tcp, internalIp, internalPort);
    }

    /** The internal endpoint identifies a connection: the emulator never reuses one in a run. */
    static long key(boolean tcp, int ip, int port) {
        return ((ip & 0xffff_ffffL) << 17) | ((long) (port & 0xffff) << 1) | (tcp ? 1 : 0);
    }

    boolean complete() {
        return answered == ALL;
    }
}
