package io.natflow.nat.core;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Live mappings and everything that must change together with them: the three indexes (id,
 * internal endpoint, public endpoint), the idle timers, the per-host counts and the ports. Every
 * insert and removal goes through here, so the indexes cannot drift apart.
 */
final class MappingTable {
    private final NatConfig config;
    private final LongMap<Mapping> byId;
    private final LongMap<Mapping> byInternal;
    private final LongMap<Mapping> byPublic;
    private final TimerLists timers;
    final HostTable hosts = new HostTable();
    final PortAllocator ports;
    /** Mappings found dead on a lookup before {@link #expire} ran; reported by the next expire. */
    private final List<Mapping> expiredEarly = new ArrayList<>();

    private long clock = Long.MIN_VALUE;
    private long nextId = 1;

    MappingTable(NatConfig config, RandomGenerator random, int expectedMappings) {
        this.config = config;
        this.byId = new LongMap<>(expectedMappings);
        this.byInternal = new LongMap<>(expectedMappings);
        this.byPublic = new LongMap<>(expectedMappings);
        this.timers = new TimerLists(config);
        this.ports = new PortAllocator(config, random);
    }

    static long key(Protocol protocol, int ip, int port) {
        return Forwards.key(protocol, ip, port);
    }

    /** The clock never goes back: timer lists and quarantine rely on it. */
    long clock(long now) {
        if (now > clock) {
            clock = now;
        }
        return clock;
    }

    int size() {
        return byId.size();
    }

    /** The global cap is reached: no new mapping of any origin. */
    boolean isFull() {
        return byId.size() >= config.maxMappings();
    }

    Iterable<Mapping> all() {
        return byId;
    }

    long walk(long cursor, int maxSlots, java.util.function.Consumer<Mapping> action) {
        return byId.walk(cursor, maxSlots, action);
    }

    Mapping byId(long id) {
        return byId.get(id);
    }

    /** The live mapping for the internal endpoint; a mapping past its deadline counts as gone. */
    Mapping byInternal(Protocol protocol, int ip, int port, long now) {
        return alive(byInternal.get(key(protocol, ip, port)), now);
    }

    Mapping byPublic(Protocol protocol, int ip, int port, long now) {
        return alive(byPublic.get(key(protocol, ip, port)), now);
    }

    /** Index lookups without the deadline check (ICMP errors, conflict checks). */
    Mapping peekInternal(Protocol protocol, int ip, int port) {
        return byInternal.get(key(protocol, ip, port));
    }

    Mapping peekPublic(Protocol protocol, int ip, int port) {
        return byPublic.get(key(protocol, ip, port));
    }

    private Mapping alive(Mapping m, long now) {
        if (m != null && m.expiresAt() <= now) {
            remove(m, now);
            expiredEarly.add(m); // a mapping never outlives its timer, even between expire() calls
            return null;
        }
        return m;
    }

    boolean idTaken(long id) {
        return byId.containsKey(id);
    }

    /** Inserts a mapping whose port the caller already holds. {@code id} 0 means "next id". */
    Mapping insert(
            long id,
            Protocol protocol,
            Origin origin,
            int internalIp,
            int internalPort,
            int publicIp,
            int publicPort,
            long createdAt,
            long lastUsed,
            TcpState state) {
        if (origin == Origin.DYNAMIC) {
            hosts.add(hosts.find(internalIp), internalIp, config.addressIndex(publicIp));
        }
        return index(id, protocol, origin, internalIp, internalPort, publicIp, publicPort, createdAt, lastUsed, state);
    }

    /**
     * Inserts a new dynamic mapping at {@code now} on pool address {@code addressIndex}, whose port
     * the caller already holds. {@code host} is the host's entry the caller looked up (null if it
     * has none), so the hot path reads the host table once.
     */
    Mapping insertDynamic(
            HostTable.Host host,
            Protocol protocol,
            int internalIp,
            int internalPort,
            int addressIndex,
            int publicPort,
            long now,
            TcpState state) {
        hosts.add(host, internalIp, addressIndex);
        return index(
                0,
                protocol,
                Origin.DYNAMIC,
                internalIp,
                internalPort,
                config.address(addressIndex),
                publicPort,
                now,
                now,
                state);
    }

    private Mapping index(
            long id,
            Protocol protocol,
            Origin origin,
            int internalIp,
            int internalPort,
            int publicIp,
            int publicPort,
            long createdAt,
            long lastUsed,
            TcpState state) {
        long useId = id == 0 ? nextId++ : id;
        nextId = Math.max(nextId, useId + 1);
        Mapping m =
                new Mapping(useId, protocol, origin, internalIp, internalPort, publicIp, publicPort, createdAt, state);
        byId.put(useId, m);
        byInternal.put(key(protocol, internalIp, internalPort), m);
        byPublic.put(key(protocol, publicIp, publicPort), m);
        timers.schedule(m, TimerLists.classOf(protocol, state), lastUsed);
        return m;
    }

    /** Records one packet on a mapping: TCP state, remote, idle timer. */
    void refresh(Mapping m, boolean outbound, int tcpFlags, long now) {
        Protocol protocol = m.protocol();
        boolean held = m.timerClass == TimerLists.HELD;
        if (protocol == Protocol.TCP) {
            TcpState next = m.tcpState().next(outbound, tcpFlags);
            m.tcpState(next);
            timers.schedule(m, held ? TimerLists.HELD : TimerLists.classOf(protocol, next), now);
        } else if (outbound || held || protocol == Protocol.ICMP || config.udpInboundRefresh()) {
            timers.schedule(m, m.timerClass, now);
        }
    }

    /** From now on the switch's flows own the mapping's idleness: no timer expires it. */
    void hold(Mapping m) {
        timers.schedule(m, TimerLists.HELD, m.lastUsed());
    }

    /** Removes the mapping from every index; its dynamic port goes to quarantine. */
    void remove(Mapping m, long now) {
        if (byId.remove(m.id()) == null) {
            return;
        }
        byInternal.remove(key(m.protocol(), m.internalIp(), m.internalPort()));
        byPublic.remove(key(m.protocol(), m.publicIp(), m.publicPort()));
        timers.unlink(m);
        if (m.origin() == Origin.DYNAMIC) {
            hosts.remove(m.internalIp(), m.sessions()); // its sessions end with it
        }
        if (m.origin() != Origin.FORWARD) {
            ports.release(m.protocol(), config.addressIndex(m.publicIp()), m.publicPort(), now);
        }
    }

    /** Removes and returns every mapping whose deadline is at or before {@code now}. */
    List<Mapping> expire(long now) {
        List<Mapping> out = new ArrayList<>(expiredEarly);
        expiredEarly.clear();
        int from = out.size();
        timers.popExpired(now, out);
        for (int i = from; i < out.size(); i++) {
            remove(out.get(i), now);
        }
        ports.drain(now);
        return out;
    }
}
