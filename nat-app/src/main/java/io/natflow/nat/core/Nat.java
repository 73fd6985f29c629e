package io.natflow.nat.core;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The NAT: the one public entry point of the core. Two verbs ({@link #translateOutbound},
 * {@link #translateInbound}) returning sealed decisions; {@link #expire} for timers; forwards;
 * listing and deletion for the REST API; {@link #restore} after a controller restart.
 *
 * <p>Time is always an argument in milliseconds; a value earlier than one already seen is
 * treated as that one (the clock never goes back). Not thread-safe: serialise the calls.
 */
public final class Nat {
    private final NatConfig config;
    private final MappingTable table;
    private final Forwards forwards = new Forwards();
    private final Leases leases = new Leases();
    private final InboundPath inbound;
    private final OutboundPath outbound;
    private final ForwardManager forwardManager;
    private final Restorer restorer;
    private final SessionLimits sessions;

    /** A NAT with a fresh random source (RFC 6056: unpredictable ports). */
    public Nat(NatConfig config) {
        this(config, new SplittableRandom(), 1024);
    }

    /**
     * @param random           port randomisation source (seed it in tests)
     * @param expectedMappings initial index capacity; they grow on demand
     */
    public Nat(NatConfig config, RandomGenerator random, int expectedMappings) {
        this.config = config;
        this.table = new MappingTable(config, random, expectedMappings);
        this.inbound = new InboundPath(config, table, forwards);
        this.sessions = new SessionLimits(config, table);
        this.outbound = new OutboundPath(config, table, forwards, inbound, sessions);
        this.forwardManager = new ForwardManager(config, table, forwards);
        this.restorer = new Restorer(config, table, forwards, inbound);
    }

    public NatConfig config() {
        return config;
    }

    /** Outbound packet from the LAN: translate (creating the mapping if needed), hairpin, or refuse. */
    public OutboundDecision translateOutbound(OutboundPacket p, long nowMillis) {
        return outbound.translate(
                p.protocol(),
                p.internal().ip(),
                p.internal().port(),
                p.remote().ip(),
                p.remote().port(),
                p.tcpFlags(),
                nowMillis);
    }

    /** Primitive form of {@link #translateOutbound(OutboundPacket, long)} for the hot path. */
    public OutboundDecision translateOutbound(
            Protocol protocol,
            int internalIp,
            int internalPort,
            int remoteIp,
            int remotePort,
            int tcpFlags,
            long nowMillis) {
        return outbound.translate(protocol, internalIp, internalPort, remoteIp, remotePort, tcpFlags, nowMillis);
    }

    /** Inbound packet to a public address: translate, or drop/reject/DMZ per policy. */
    public InboundDecision translateInbound(InboundPacket p, long nowMillis) {
        return inbound.translate(
                p.protocol(),
                p.remote().ip(),
                p.remote().port(),
                p.publicEndpoint().ip(),
                p.publicEndpoint().port(),
                p.tcpFlags(),
                nowMillis);
    }

    /** Primitive form of {@link #translateInbound(InboundPacket, long)}. */
    public InboundDecision translateInbound(
            Protocol protocol,
            int remoteIp,
            int remotePort,
            int publicIp,
            int publicPort,
            int tcpFlags,
            long nowMillis) {
        return inbound.translate(protocol, remoteIp, remotePort, publicIp, publicPort, tcpFlags, nowMillis);
    }

    /**
     * An ICMP error arrived from outside about a packet we sent: the embedded packet went from
     * {@code innerSource} (our public endpoint) to {@code innerDestination}. Finds its mapping
     * without refreshing it (RFC 5508 REQ-3, RFC 7857); empty if none or if filtering refuses.
     */
    public Optional<Mapping> findForInboundIcmpError(
            Protocol innerProtocol, Endpoint innerSource, Endpoint innerDestination, long nowMillis) {
        Mapping m = table.peekPublic(innerProtocol, innerSource.ip(), innerSource.port());
        if (m == null
                || m.expiresAt() <= nowMillis
                || !m.admits(config.filtering(), innerDestination.ip(), innerDestination.port())) {
            return Optional.empty();
        }
        return Optional.of(m);
    }

    /**
     * An internal host sends an ICMP error about a packet it received: the embedded packet went
     * from {@code innerSource} (remote) to {@code innerDestination} (internal endpoint). No refresh.
     */
    public Optional<Mapping> findForOutboundIcmpError(
            Protocol innerProtocol, Endpoint innerSource, Endpoint innerDestination, long nowMillis) {
        Mapping m = table.peekInternal(innerProtocol, innerDestination.ip(), innerDestination.port());
        return m == null || m.expiresAt() <= nowMillis ? Optional.empty() : Optional.of(m);
    }

    /** Removes and returns every mapping whose idle timer ran out; releases ports past quarantine. */
    public List<Mapping> expire(long nowMillis) {
        return table.expire(table.clock(nowMillis));
    }

    /**
     * Hands the mapping's idleness to the switch: its session flows carry idle timeouts and the
     * switch reports their removal, so the core's timer would only duplicate (and, without
     * the datapath's counters, contradict) them. The mapping lives until {@link #delete}.
     * Returns false if there is no such mapping.
     */
    public boolean holdInSwitch(long mappingId, long nowMillis) {
        table.clock(nowMillis);
        Mapping m = table.byId(mappingId);
        if (m == null) {
            return false;
        }
        table.hold(m);
        return true;
    }

    /** Deletes a mapping (REST, or its flows were removed); its port goes to quarantine. */
    public Optional<Mapping> delete(long mappingId, long nowMillis) {
        long now = table.clock(nowMillis);
        Mapping m = table.byId(mappingId);
        if (m == null) {
            return Optional.empty();
        }
        table.remove(m, now);
        return Optional.of(m);
    }

    public Optional<Mapping> lookup(long mappingId) {
        return Optional.ofNullable(table.byId(mappingId));
    }

    public Optional<Mapping> lookupInternal(Protocol protocol, Endpoint internal) {
        return Optional.ofNullable(table.peekInternal(protocol, internal.ip(), internal.port()));
    }

    public Optional<Mapping> lookupPublic(Protocol protocol, Endpoint publicEndpoint) {
        return Optional.ofNullable(table.peekPublic(protocol, publicEndpoint.ip(), publicEndpoint.port()));
    }

    /** Live mappings, no copy; do not change the NAT while iterating. */
    public Iterable<Mapping> mappings() {
        return table.all();
    }

    public void forEachMapping(Consumer<Mapping> action) {
        table.all().forEach(action);
    }

    /**
     * One bounded step of a walk over the mappings that may span many calls, with the NAT
     * changing in between (a listing spread over an event loop's turns): visits the mappings in
     * at most {@code maxSlots} table slots from {@code cursor} (0 to begin) and returns where to
     * go on, or -1 when done. Best effort, for listings: a mapping created or deleted meanwhile
     * may or may not be visited, and one that a deletion moves in the table (rarely) may be
     * missed or visited twice (deduplicate by id).
     */
    public long walkMappings(long cursor, int maxSlots, Consumer<Mapping> action) {
        return table.walk(cursor, maxSlots, action);
    }

    public int size() {
        return table.size();
    }

    /** Ports released and still in quarantine. */
    public int quarantinedPorts() {
        return table.ports.quarantined();
    }

    /**
     * Dynamic ports (ICMP identifiers) of {@code protocol} on {@code publicIp} that allocation
     * can hand out now: neither in use, nor reserved by a forward, nor in quarantine. -1 if the
     * address is not in the pool. O(1) amortized.
     */
    public int freePorts(Protocol protocol, int publicIp, long nowMillis) {
        int index = config.addressIndex(publicIp);
        return index < 0 ? -1 : table.ports.freeNow(protocol, index, table.clock(nowMillis));
    }

    /**
     * Whether one more session (a remote endpoint with its own flows in the switch) may open on
     * {@code m}: empty, or the limit it would exceed ({@link NatConfig#perMappingSessions},
     * {@link NatConfig#perHostSessions}). Nothing is evicted; the caller reports the session it
     * opens with {@link #sessionOpened}.
     */
    public Optional<RefuseReason> admitSession(Mapping m) {
        return Optional.ofNullable(sessions.admit(m));
    }

    /** A session opened on mapping {@code mappingId} (or was restored): it counts against the limits. */
    public void sessionOpened(long mappingId) {
        sessions.opened(mappingId);
    }

    /** {@code count} sessions of mapping {@code mappingId} ended; nothing if the mapping is gone. */
    public void sessionsClosed(long mappingId, int count) {
        sessions.closed(mappingId, count);
    }

    /** Sessions open over an internal host's dynamic mappings (its session limit use). */
    public int hostSessions(int internalIp) {
        return table.hosts.sessions(internalIp);
    }

    /** Dynamic mappings currently held by an internal host (its quota use). */
    public int hostMappings(int internalIp) {
        return table.hosts.mappings(internalIp);
    }

    public boolean isPublicAddress(int ip) {
        return inbound.isPublicAddress(ip);
    }

    /** Adds a port forward or static address mapping; on conflict nothing changes. */
    public ForwardResult addForward(ForwardRule rule, long nowMillis) {
        table.clock(nowMillis); // every call moves the clock, as the class promises
        return forwardManager.add(rule);
    }

    /** Removes a forward (and its lease, if it has one); returns the sessions it removed with it, or empty if the rule is unknown. */
    public Optional<List<Mapping>> removeForward(ForwardRule rule, long nowMillis) {
        Optional<List<Mapping>> removed = forwardManager.remove(rule, table.clock(nowMillis));
        if (removed.isPresent() && rule instanceof ForwardRule.PortForward p) {
            leases.remove(p);
        }
        return removed;
    }

    /**
     * Adds a one-port forward that ends at {@code expiresAtMillis} unless renewed, for the host it
     * forwards to, under {@link NatConfig#leases()}: on, port allowed, below the host's limit. An
     * existing lease of the same rule is renewed instead (same checks but the host limit).
     */
    public LeaseResult lease(ForwardRule.PortForward rule, LeaseSource source, long expiresAtMillis, long nowMillis) {
        long now = table.clock(nowMillis);
        LeasePolicy policy = config.leases();
        if (!policy.enabled()) {
            return new LeaseResult.Refused(LeaseResult.Reason.DISABLED);
        }
        if (rule.count() != 1 || expiresAtMillis <= now || expiresAtMillis - now > policy.maxLifetimeSeconds() * 1000) {
            return new LeaseResult.Refused(LeaseResult.Reason.INVALID);
        }
        if (!policy.allows(rule.publicPort())) {
            return new LeaseResult.Refused(LeaseResult.Reason.PORT_NOT_ALLOWED);
        }
        ForwardLease existing = leases.get(rule);
        if (existing != null) {
            ForwardLease renewed = existing.renewed(expiresAtMillis);
            leases.put(renewed);
            return new LeaseResult.Granted(renewed);
        }
        if (leases.ownedBy(rule.internalIp()) >= policy.maxPerHost()) {
            return new LeaseResult.Refused(LeaseResult.Reason.HOST_LIMIT);
        }
        if (forwardManager.add(rule) instanceof ForwardResult.Conflict c) {
            return new LeaseResult.Conflict(c.reason());
        }
        ForwardLease lease = new ForwardLease(rule, source, now, expiresAtMillis);
        leases.put(lease);
        return new LeaseResult.Granted(lease);
    }

    /** The lease of a forward; empty for a forward without one (config, API) or an unknown one. */
    public Optional<ForwardLease> leaseOf(ForwardRule.PortForward rule) {
        return Optional.ofNullable(leases.get(rule));
    }

    /** Every lease (a copy). */
    public List<ForwardLease> leases() {
        return leases.all();
    }

    /** The leases an internal host holds (a copy). */
    public List<ForwardLease> leasesOf(int internalIp) {
        return leases.ownedList(internalIp);
    }

    /** Removes every lease whose time is up, with its forward and sessions. */
    public List<EndedLease> expireLeases(long nowMillis) {
        long now = table.clock(nowMillis);
        List<EndedLease> out = new java.util.ArrayList<>();
        for (ForwardLease lease : leases.due(now)) {
            List<Mapping> sessions = forwardManager.remove(lease.rule(), now).orElse(List.of());
            leases.remove(lease.rule());
            out.add(new EndedLease(lease, sessions));
        }
        return out;
    }

    /** Ends a lease before its time (its host asked); empty if {@code rule} has no lease. */
    public Optional<EndedLease> endLease(ForwardRule.PortForward rule, long nowMillis) {
        long now = table.clock(nowMillis);
        ForwardLease lease = leases.get(rule);
        if (lease == null) {
            return Optional.empty();
        }
        List<Mapping> sessions = forwardManager.remove(rule, now).orElse(List.of());
        leases.remove(rule);
        return Optional.of(new EndedLease(lease, sessions));
    }

    /** The port forward whose public side holds this endpoint, if any. */
    public Optional<ForwardRule.PortForward> forwardAtPublic(Protocol protocol, Endpoint publicEndpoint) {
        return Optional.ofNullable(forwards.portForwardAtPublic(protocol, publicEndpoint.ip(), publicEndpoint.port()));
    }

    /** The port forward that targets this internal endpoint, if any. */
    public Optional<ForwardRule.PortForward> forwardAtInternal(Protocol protocol, Endpoint internal) {
        return Optional.ofNullable(forwards.portForwardAtInternal(protocol, internal.ip(), internal.port()));
    }

    /**
     * Replaces forward {@code old} by {@code replacement} in one step; the two may share public
     * ports and internal endpoints (any kinds of rule). Either the replacement is in effect, the
     * old rule gone and its sessions removed and returned, or nothing changed. Public ports both
     * rules hold stay reserved and skip the quarantine; those only the old one held enter it.
     */
    public ReplaceResult replaceForward(ForwardRule old, ForwardRule replacement, long nowMillis) {
        if (old instanceof ForwardRule.PortForward p && leases.get(p) != null) {
            return new ReplaceResult.Unknown(old); // a lease belongs to its host: only it renews or deletes it
        }
        return forwardManager.replace(old, replacement, table.clock(nowMillis));
    }

    public List<ForwardRule> forwards() {
        return forwards.rules();
    }

    /** Re-populates the table, e.g. from flows read back from the switch; see {@link RestoreReport}. */
    public RestoreReport restore(List<MappingRecord> records, long nowMillis) {
        return restorer.restore(records, nowMillis);
    }
}
