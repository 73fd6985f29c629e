package io.natflow.nat.openflow;

import io.natflow.nat.core.EndedLease;
import io.natflow.nat.core.Nat;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.pcp.Answer;
import io.natflow.nat.pcp.PcpServer;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The router's PCP/NAT-PMP port: datagrams from the LAN to the router's LAN address, UDP 5351,
 * reach it through the slow path (the packet-in meters bound them). It hands them to the pure
 * {@link PcpServer}, sends the reply the way the router sends its other replies, logs the leases
 * made and ended, and removes the flows of the sessions of an ended lease.
 */
final class PcpEndpoint {
    /** RFC 6887 §14.1.3: all-hosts multicast, link-local, so TTL 1. */
    private static final int ALL_HOSTS = 0xe0000001;

    private static final long ALL_HOSTS_MAC = 0x01005e000001L;

    private final RouterConfig config;
    private final Nat nat;
    private final FlowMods mods;
    private final NatCounters counters;
    private final MappingLog log;
    private final MappingLifecycle lifecycle;
    /** Made at the first switch connection: the epoch starts when the controller first serves. */
    private PcpServer server;

    PcpEndpoint(
            RouterConfig config,
            Nat nat,
            FlowMods mods,
            NatCounters counters,
            MappingLog log,
            MappingLifecycle lifecycle) {
        this.config = config;
        this.nat = nat;
        this.mods = mods;
        this.counters = counters;
        this.log = log;
        this.lifecycle = lifecycle;
    }

    /** First connection: start the epoch and multicast an unsolicited ANNOUNCE on every LAN port. */
    List<OFMessage> start(SwitchPorts ports, long now) {
        if (server != null || !config.nat().leases().enabled()) {
            return List.of();
        }
        server = new PcpServer(nat, now);
        byte[] frame = GeneratedFrames.udp(
                config.routerMac(),
                ALL_HOSTS_MAC,
                config.routerLanIp(),
                PcpServer.PORT,
                ALL_HOSTS,
                PcpServer.CLIENT_PORT,
                server.announcement(now),
                1);
        List<OFMessage> out = new ArrayList<>();
        ports.lan().forEach(port -> out.add(mods.sendOut(port, frame)));
        counters.count(NatEvent.PCP_ANNOUNCE_SENT, out.size());
        return out;
    }

    /** Whether the packet (to the router's LAN address) is for the server. */
    boolean accepts(Ipv4Packet p) {
        return server != null
                && p.protocol() == EtherTypes.PROTO_UDP
                && !p.isFragment()
                && p.dstPort() == PcpServer.PORT;
    }

    List<OFMessage> handle(Frame frame, OFPort inPort, long now) {
        Ipv4Packet p = frame.ipv4();
        int udp = p.l4Offset();
        int udpLength = ((p.bytes()[udp + 4] & 0xff) << 8) | (p.bytes()[udp + 5] & 0xff);
        if (udpLength < 8 || udpLength > p.l4Length()) {
            counters.drop(PacketInDrop.PCP_BAD_UDP_LENGTH);
            return List.of();
        }
        Answer a = server.handle(p.src(), p.bytes(), udp + 8, udpLength - 8, now);
        counters.pcpAnswer(a.request(), a.result());
        a.created().forEach(lease -> log.leased(lease, now));
        List<OFMessage> out = new ArrayList<>(ended(a.ended(), MappingLog.Removal.LEASE_DELETED, now));
        if (a.reply() != null) {
            out.add(mods.sendOut(
                    inPort,
                    GeneratedFrames.udp(
                            config.routerMac(),
                            frame.ethSrc(),
                            config.routerLanIp(),
                            PcpServer.PORT,
                            p.src(),
                            p.srcPort(),
                            a.reply(),
                            64)));
        }
        return out;
    }

    /** Leases whose lifetime ran out go, with their sessions' flows. */
    List<OFMessage> expire(long now) {
        return server == null ? List.of() : ended(server.expire(now), MappingLog.Removal.LEASE_EXPIRED, now);
    }

    private List<OFMessage> ended(List<EndedLease> ended, MappingLog.Removal why, long now) {
        List<OFMessage> out = new ArrayList<>();
        for (EndedLease e : ended) {
            log.leaseEnded(e.lease(), why, now);
            out.addAll(lifecycle.forgetSessions(e.sessions(), MappingLog.Removal.FORWARD_REMOVED, now));
            counters.count(why == MappingLog.Removal.LEASE_EXPIRED ? NatEvent.LEASE_EXPIRED : NatEvent.LEASE_DELETED);
        }
        return out;
    }
}
