package io.natflow.nat.core;

/** Inbound verb: existing mapping after the filtering check, else forward, else policy. */
final class InboundPath {
    private final NatConfig config;
    private final MappingTable table;
    private final Forwards forwards;

    InboundPath(NatConfig config, MappingTable table, Forwards forwards) {
        this.config = config;
        this.table = table;
        this.forwards = forwards;
    }

    boolean isPublicAddress(int ip) {
        return config.addressIndex(ip) >= 0 || forwards.isStaticAddress(ip);
    }

    InboundDecision translate(
            Protocol protocol,
            int remoteIp,
            int remotePort,
            int publicIp,
            int publicPort,
            int tcpFlags,
            long nowMillis) {
        long now = table.clock(nowMillis);
        if (!isPublicAddress(publicIp)) {
            return new InboundDecision.Drop(DropReason.NOT_PUBLIC_ADDRESS);
        }
        if (protocol != Protocol.ICMP && (publicPort == 0 || remotePort == 0)) {
            return new InboundDecision.Drop(DropReason.NOT_TRANSLATABLE);
        }
        if (Martians.isMartian(remoteIp)) {
            return new InboundDecision.Drop(DropReason.MARTIAN_SOURCE); // never a reject or a DMZ session either
        }
        Mapping m = table.byPublic(protocol, publicIp, publicPort, now);
        if (m != null) {
            if (m.admits(config.filtering(), remoteIp, remotePort)) {
                table.refresh(m, false, tcpFlags, now);
                return new InboundDecision.Translate(m, false);
            }
            return unsolicited(
                    DropReason.FILTERED, false, protocol, remoteIp, remotePort, publicIp, publicPort, tcpFlags, now);
        }
        long target = forwards.internalFor(protocol, publicIp, publicPort);
        if (target != Forwards.NONE) {
            if (table.isFull()) {
                return new InboundDecision.Drop(DropReason.TABLE_FULL);
            }
            return open(
                    Origin.FORWARD,
                    protocol,
                    Endpoint.ipOf(target),
                    Endpoint.portOf(target),
                    remoteIp,
                    remotePort,
                    publicIp,
                    publicPort,
                    tcpFlags,
                    now);
        }
        return unsolicited(
                DropReason.NO_MAPPING, true, protocol, remoteIp, remotePort, publicIp, publicPort, tcpFlags, now);
    }

    private InboundDecision unsolicited(
            DropReason reason,
            boolean dmzPossible,
            Protocol protocol,
            int remoteIp,
            int remotePort,
            int publicIp,
            int publicPort,
            int tcpFlags,
            long now) {
        switch (config.unsolicited()) {
            case REJECT:
                return new InboundDecision.Reject(reason);
            case DMZ:
                return dmzPossible
                        ? dmz(protocol, remoteIp, remotePort, publicIp, publicPort, tcpFlags, now)
                        : new InboundDecision.Drop(reason);
            default:
                return new InboundDecision.Drop(reason);
        }
    }

    /** DMZ host gets the same port, through a real mapping so that its replies keep the port. */
    private InboundDecision dmz(
            Protocol protocol, int remoteIp, int remotePort, int publicIp, int publicPort, int tcpFlags, long now) {
        int dmzHost = config.dmzHost();
        if (table.isFull()) {
            return new InboundDecision.Drop(DropReason.TABLE_FULL);
        }
        int address = config.addressIndex(publicIp);
        if (address < 0
                || table.byInternal(protocol, dmzHost, publicPort, now) != null
                || forwards.publicFor(protocol, dmzHost, publicPort) != Forwards.NONE
                || !table.ports.reserve(protocol, address, publicPort)) {
            return new InboundDecision.Drop(DropReason.DMZ_UNAVAILABLE);
        }
        return open(
                Origin.DMZ, protocol, dmzHost, publicPort, remoteIp, remotePort, publicIp, publicPort, tcpFlags, now);
    }

    private InboundDecision open(
            Origin origin,
            Protocol protocol,
            int internalIp,
            int internalPort,
            int remoteIp,
            int remotePort,
            int publicIp,
            int publicPort,
            int tcpFlags,
            long now) {
        TcpState state = TcpState.initial(protocol, false);
        Mapping m = table.insert(0, protocol, origin, internalIp, internalPort, publicIp, publicPort, now, now, state);
        m.addRemote(remoteIp, remotePort, config.maxRemotesPerMapping());
        table.refresh(m, false, tcpFlags, now);
        return new InboundDecision.Translate(m, true);
    }
}
