package io.natflow.nat.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One live translation: internal endpoint ↔ public endpoint for one protocol, both directions.
 *
 * <p>Read-only to callers; only the core mutates it (package-private setters), and only while
 * the caller holds the NAT's single-threaded access. Fields are primitives and bytes to keep a
 * mapping near 90 heap bytes (see docs/benchmarks.md).
 */
public final class Mapping {
    private static final long NO_REMOTE = -1L;

    private final long id;
    private final int internalIp;
    private final int publicIp;
    private final char internalPort;
    private final char publicPort;
    private final byte protocol;
    private final byte origin;
    private byte tcpState;
    private byte extraCount;
    private byte extraCursor;
    private final long createdAt;
    private long lastUsed;
    private long deadline;
    /** First remote contacted: inline because most mappings only ever have one. */
    private long remote0 = NO_REMOTE;
    /** Sessions (remote endpoints with flows in the switch) open on this mapping; see {@link SessionLimits}. */
    private int sessions;
    /** Further remotes, bounded; the oldest extra is overwritten when full. */
    private long[] extraRemotes;

    /** Intrusive links of the timer list this mapping sits in (see {@link TimerLists}). */
    Mapping prev;

    Mapping next;
    byte timerClass = -1;

    Mapping(
            long id,
            Protocol protocol,
            Origin origin,
            int internalIp,
            int internalPort,
            int publicIp,
            int publicPort,
            long createdAt,
            TcpState tcpState) {
        this.id = id;
        this.protocol = (byte) protocol.ordinal();
        this.origin = (byte) origin.ordinal();
        this.internalIp = internalIp;
        this.internalPort = (char) internalPort;
        this.publicIp = publicIp;
        this.publicPort = (char) publicPort;
        this.createdAt = createdAt;
        this.lastUsed = createdAt;
        this.tcpState = (byte) tcpState.ordinal();
    }

    /** Stable unique id, never reused by this NAT instance; fits an OpenFlow cookie. */
    public long id() {
        return id;
    }

    public Protocol protocol() {
        return Protocol.ofOrdinal(protocol);
    }

    public Origin origin() {
        return ORIGINS[origin];
    }

    public Endpoint internal() {
        return new Endpoint(internalIp, internalPort);
    }

    public Endpoint publicEndpoint() {
        return new Endpoint(publicIp, publicPort);
    }

    public int internalIp() {
        return internalIp;
    }

    public int internalPort() {
        return internalPort;
    }

    public int publicIp() {
        return publicIp;
    }

    public int publicPort() {
        return publicPort;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastUsed() {
        return lastUsed;
    }

    /** The time at which the mapping expires unless refreshed before. */
    public long expiresAt() {
        return deadline;
    }

    /** True if the switch's flows own this mapping's idleness (no deadline of its own). */
    public boolean heldInSwitch() {
        return timerClass == TimerLists.HELD;
    }

    public TcpState tcpState() {
        return STATES[tcpState];
    }

    /** Sessions open on this mapping, as the switch layer reported them. */
    public int sessions() {
        return sessions;
    }

    /** Remote endpoints this mapping has sent to (bounded), oldest first. */
    public List<Endpoint> remotes() {
        List<Endpoint> out = new ArrayList<>(1 + extraCount);
        if (remote0 != NO_REMOTE) {
            out.add(Endpoint.unpack(remote0));
        }
        for (int i = 0; i < extraCount; i++) {
            out.add(Endpoint.unpack(extraRemotes[(extraCursor + i) % extraCount]));
        }
        return out;
    }

    /** Whether an inbound packet from {@code remoteIp:remotePort} passes {@code mode}. */
    public boolean admits(FilteringMode mode, int remoteIp, int remotePort) {
        if (mode == FilteringMode.ENDPOINT_INDEPENDENT || origin != 0) {
            return true; // forwards and DMZ sessions accept anyone, like the rule that made them
        }
        long mask = mode == FilteringMode.ADDRESS_DEPENDENT ? ~0xffffL : ~0L;
        long wanted = Endpoint.pack(remoteIp, remotePort) & mask;
        if (remote0 != NO_REMOTE && (remote0 & mask) == wanted) {
            return true;
        }
        for (int i = 0; i < extraCount; i++) {
            if ((extraRemotes[i] & mask) == wanted) {
                return true;
            }
        }
        return false;
    }

    /** An immutable copy, for REST and for {@link Nat#restore}. */
    public MappingRecord toRecord() {
        return new MappingRecord(
                id, protocol(), internal(), publicEndpoint(), remotes(), createdAt, lastUsed, tcpState());
    }

    @Override
    public String toString() {
        return "Mapping#" + id + "[" + protocol() + " " + internal() + " <-> " + publicEndpoint() + " " + origin()
                + (protocol == 0 ? " " + tcpState() : "") + " expires " + deadline + "]";
    }

    // --- mutation, core only ---

    void touch(long now, long deadline) {
        this.lastUsed = now;
        this.deadline = deadline;
    }

    void tcpState(TcpState state) {
        this.tcpState = (byte) state.ordinal();
    }

    void sessions(int count) {
        this.sessions = count;
    }

    void addRemote(int ip, int port, int bound) {
        long packed = Endpoint.pack(ip, port);
        if (remote0 == packed) {
            return;
        }
        if (remote0 == NO_REMOTE) {
            remote0 = packed;
            return;
        }
        for (int i = 0; i < extraCount; i++) {
            if (extraRemotes[i] == packed) {
                return;
            }
        }
        int extraBound = bound - 1;
        if (extraBound <= 0) {
            remote0 = packed; // bound of one: remember the latest remote
            return;
        }
        if (extraRemotes == null) {
            extraRemotes = new long[Math.min(4, extraBound)];
        }
        if (extraCount < extraBound) {
            if (extraCount == extraRemotes.length) {
                extraRemotes = Arrays.copyOf(extraRemotes, Math.min(extraBound, extraCount * 2));
            }
            extraRemotes[extraCount++] = packed;
        } else {
            extraRemotes[extraCursor] = packed; // full: overwrite the oldest extra
            extraCursor = (byte) ((extraCursor + 1) % extraCount);
        }
    }

    private static final Origin[] ORIGINS = Origin.values();
    private static final TcpState[] STATES = TcpState.values();
}
