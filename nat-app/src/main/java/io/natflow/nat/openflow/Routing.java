package io.natflow.nat.openflow;

import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Sends packets the controller handled (slow path, router replies) to their next hop: a learned
 * LAN host, the router of a routed LAN prefix, a static route's next hop or the gateway. An unknown next hop is asked for by ARP and the packet waits.
 */
final class Routing {
    private final RouterConfig config;
    private final Neighbors neighbors;
    private final WanHops wanHops;
    private final PendingPackets pending;
    private final ArpService arp;
    private final FlowMods mods;
    private final NatCounters counters;

    Routing(
            RouterConfig config,
            Neighbors neighbors,
            WanHops wanHops,
            PendingPackets pending,
            ArpService arp,
            FlowMods mods,
            NatCounters counters) {
        this.config = config;
        this.neighbors = neighbors;
        this.wanHops = wanHops;
        this.pending = pending;
        this.arp = arp;
        this.mods = mods;
        this.counters = counters;
    }

    /** Forwards a frame the controller translated: one hop less (TTL), then to its next hop. */
    List<OFMessage> forward(Frame frame, SwitchPorts ports, long now) {
        frame.ipv4().decrementTtl();
        return deliver(frame, ports, now);
    }

    /** Routes a frame whose IPv4 header is final (translated, TTL already decremented). */
    List<OFMessage> deliver(Frame frame, SwitchPorts ports, long now) {
        int dst = frame.ipv4().dst();
        if (config.inLan(dst)) {
            if (!config.isLanHost(dst)) {
                counters.drop(PacketInDrop.NOT_A_LAN_HOST);
                return List.of();
            }
            int hop = config.onLink(dst) ? dst : config.routes().lanVia(dst); // a routed LAN: its router
            Optional<Neighbors.Host> host = neighbors.lanHost(hop);
            if (host.isPresent()) {
                return List.of(send(frame.bytes(), host.get().mac(), host.get().port()));
            }
            return hold(hop, frame.bytes(), now) ? arp.queryLanHost(hop, ports) : List.of();
        }
        int hop = config.routes().wanNextHop(dst, config.gatewayIp());
        if (hop != config.gatewayIp()) { // a static route
            if (wanHops.known(hop)) {
                return List.of(send(frame.bytes(), wanHops.mac(hop), ports.wan()));
            }
            hold(hop, frame.bytes(), now);
            return arp.queryWanHop(hop, ports, now);
        }
        if (neighbors.gatewayKnown()) {
            return List.of(send(frame.bytes(), neighbors.gatewayMac(), ports.wan()));
        }
        hold(config.gatewayIp(), frame.bytes(), now);
        return arp.queryGateway(ports, now); // rate-limited by itself
    }

    /** Sends what waited for {@code ip}, now that ARP answered. */
    List<OFMessage> release(int ip, SwitchPorts ports) {
        List<OFMessage> out = new ArrayList<>();
        boolean gateway = ip == config.gatewayIp();
        for (byte[] bytes : pending.release(ip)) {
            if (gateway) {
                out.add(send(bytes, neighbors.gatewayMac(), ports.wan()));
            } else if (wanHops.known(ip)) {
                out.add(send(bytes, wanHops.mac(ip), ports.wan()));
            } else {
                neighbors.lanHost(ip).ifPresent(h -> out.add(send(bytes, h.mac(), h.port())));
            }
        }
        return out;
    }

    /** ICMP time exceeded (RFC 792) from {@code routerIp} back to the sender, out the port it came in. */
    List<OFMessage> timeExceeded(Frame frame, OFPort inPort, int routerIp) throws MalformedPacketException {
        counters.drop(PacketInDrop.TTL_EXCEEDED);
        if (isIcmpError(frame.ipv4())) {
            return List.of(); // never an error about an error (RFC 1812 §4.3.2.7)
        }
        byte[] error = GeneratedFrames.icmpError(
                IcmpMessage.TIME_EXCEEDED,
                IcmpMessage.CODE_TTL_EXCEEDED,
                routerIp,
                frame.ipv4(),
                config.routerMac(),
                frame.ethSrc());
        return List.of(mods.sendOut(inPort, error));
    }

    /** The router answers pings to its own addresses; everything else addressed to it is dropped. */
    List<OFMessage> answerEcho(Frame frame, OFPort inPort) throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (p.protocol() != EtherTypes.PROTO_ICMP || p.isFragment() || p.icmp().type() != IcmpMessage.ECHO_REQUEST) {
            counters.drop(PacketInDrop.TO_ROUTER_NOT_ECHO);
            return List.of();
        }
        counters.count(NatEvent.ECHO_ANSWERED);
        return List.of(mods.sendOut(inPort, GeneratedFrames.echoReply(p, config.routerMac(), frame.ethSrc())));
    }

    /** Policy REJECT: TCP RST for TCP, ICMP port unreachable for the rest (RFC 4787/5382). */
    List<OFMessage> reject(Frame frame, OFPort inPort) {
        Ipv4Packet p = frame.ipv4();
        if (p.protocol() == EtherTypes.PROTO_TCP) {
            if ((p.tcpFlags() & 0x04) != 0) {
                return List.of(); // never answer a RST
            }
            return List.of(mods.sendOut(inPort, GeneratedFrames.tcpReset(p, config.routerMac(), frame.ethSrc())));
        }
        byte[] error = GeneratedFrames.icmpError(
                IcmpMessage.DESTINATION_UNREACHABLE,
                IcmpMessage.CODE_PORT_UNREACHABLE,
                p.dst(),
                p,
                config.routerMac(),
                frame.ethSrc());
        return List.of(mods.sendOut(inPort, error));
    }

    /** Holds the packet for its next hop; true if it is the first, so ARP should be asked now. */
    private boolean hold(int nextHop, byte[] bytes, long now) {
        PendingPackets.Held held = pending.hold(nextHop, bytes, now);
        if (held == PendingPackets.Held.FULL) {
            counters.drop(PacketInDrop.HOLD_QUEUE_FULL);
        }
        return held == PendingPackets.Held.FIRST;
    }

    private OFMessage send(byte[] bytes, long dstMac, OFPort port) {
        Frame.setMacs(bytes, config.routerMac(), dstMac);
        return mods.sendOut(port, bytes);
    }

    private static boolean isIcmpError(Ipv4Packet p) throws MalformedPacketException {
        return p.protocol() == EtherTypes.PROTO_ICMP
                && !p.isLaterFragment()
                && p.icmp().isError();
    }
}
