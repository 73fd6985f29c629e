package io.natflow.nat.core;

/** Outbound verb: find or create the sender's mapping, then translate or hairpin. */
final class OutboundPath {
    private final NatConfig config;
    private final MappingTable table;
    private final Forwards forwards;
    private final InboundPath inbound;
    private final SessionLimits sessions;

    OutboundPath(NatConfig config, MappingTable table, Forwards forwards, InboundPath inbound, SessionLimits sessions) {
        this.config = config;
        this.table = table;
        this.forwards = forwards;
        this.inbound = inbound;
        this.sessions = sessions;
    }

    OutboundDecision translate(
            Protocol protocol,
            int internalIp,
            int internalPort,
            int remoteIp,
            int remotePort,
            int tcpFlags,
            long nowMillis) {
        long now = table.clock(nowMillis);
        if (protocol != Protocol.ICMP && (internalPort == 0 || remotePort == 0)) {
            return new OutboundDecision.Refuse(RefuseReason.NOT_TRANSLATABLE);
        }
        if (inbound.isPublicAddress(internalIp) || Martians.isMartian(internalIp)) {
            return new OutboundDecision.Refuse(RefuseReason.NOT_TRANSLATABLE); // spoofed or looped
        }
        if (Martians.isMartian(remoteIp)) {
            return new OutboundDecision.Refuse(RefuseReason.MARTIAN_DESTINATION);
        }
        Mapping m = table.byInternal(protocol, internalIp, internalPort, now);
        boolean created = false;
        if (m == null) {
            Object result = create(protocol, internalIp, internalPort, now);
            if (result instanceof RefuseReason reason) {
                return new OutboundDecision.Refuse(reason);
            }
            m = (Mapping) result;
            created = true;
        }
        m.addRemote(remoteIp, remotePort, config.maxRemotesPerMapping());
        table.refresh(m, true, tcpFlags, now);
        if (inbound.isPublicAddress(remoteIp)) {
            return hairpin(m, created, protocol, remoteIp, remotePort, tcpFlags, now);
        }
        return new OutboundDecision.Translate(m, created);
    }

    /** RFC 4787 REQ-9: the destination sees the sender's public endpoint, as if from outside. */
    private OutboundDecision hairpin(
            Mapping source, boolean created, Protocol protocol, int publicIp, int publicPort, int tcpFlags, long now) {
        InboundDecision in = inbound.translate(
                protocol, source.publicIp(), source.publicPort(), publicIp, publicPort, tcpFlags, now);
        if (in instanceof InboundDecision.Translate t) {
            return new OutboundDecision.Hairpin(source, created, t.mapping());
        }
        return new OutboundDecision.Refuse(RefuseReason.HAIRPIN_UNREACHABLE);
    }

    /** A new mapping, or the {@link RefuseReason}; one return value keeps the hot path allocation-free. */
    private Object create(Protocol protocol, int internalIp, int internalPort, long now) {
        if (table.isFull()) {
            return RefuseReason.TABLE_FULL;
        }
        TcpState state = TcpState.initial(protocol, true);
        long forwarded = forwards.publicFor(protocol, internalIp, internalPort);
        if (forwarded != Forwards.NONE) {
            // a forward target speaks first: it uses its forwarded public endpoint
            return table.insert(
                    0,
                    protocol,
                    Origin.FORWARD,
                    internalIp,
                    internalPort,
                    Endpoint.ipOf(forwarded),
                    Endpoint.portOf(forwarded),
                    now,
                    now,
                    state);
        }
        HostTable.Host host = table.hosts.find(internalIp);
        if (host != null && host.mappings >= config.perHostQuota()) {
            return RefuseReason.QUOTA_EXCEEDED;
        }
        if (sessions.hostFull(host)) {
            return RefuseReason.SESSIONS_PER_HOST; // the new mapping's first session would not be admitted
        }
        int address = host != null ? host.addressIndex : table.ports.chooseAddress(protocol, now);
        if (address < 0) {
            return RefuseReason.PORTS_EXHAUSTED;
        }
        int port = table.ports.allocate(protocol, address, internalPort, now);
        if (port < 0) {
            return RefuseReason.PORTS_EXHAUSTED; // paired: never move a host, never evict
        }
        return table.insertDynamic(host, protocol, internalIp, internalPort, address, port, now, state);
    }
}
