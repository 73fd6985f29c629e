package io.natflow.nat.openflow;

import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * ARP on one extra LAN segment: the router answers for its address there, learns the segment's
 * hosts into the segment's own {@link Neighbors} (the same address may be bound on the main LAN
 * or another segment to another MAC: ARP from one segment never teaches another), passes ARP
 * between the segment's ports along, and asks for hosts it must deliver to. The inspection is
 * {@link ArpService}'s: a bad sender MAC is dropped, a claim on a bound address waits for a probe.
 */
final class SegmentArp {
    private static final long MULTICAST_BIT = 1L << 40;

    private final TwiceNat.Side side;
    private final Neighbors neighbors = new Neighbors();
    private final long routerMac;
    private final FlowMods mods;
    private final NatCounters counters;

    SegmentArp(TwiceNat.Side side, long routerMac, FlowMods mods, NatCounters counters) {
        this.side = side;
        this.routerMac = routerMac;
        this.mods = mods;
        this.counters = counters;
    }

    Neighbors neighbors() {
        return neighbors;
    }

    /** Handles one ARP frame from a port of this segment; bindings new to it go to {@code learned}. */
    List<OFMessage> handle(Frame frame, OFPort inPort, List<OFPort> ports, long now, List<Neighbors.Host> learned) {
        ArpPacket arp = frame.arp();
        if (!arp.isRequest() && !arp.isReply()) {
            counters.drop(ArpDrop.ARP_BAD_OPERATION);
            return List.of();
        }
        long mac = arp.senderMac();
        if (mac == 0 || (mac & MULTICAST_BIT) != 0 || mac == routerMac) {
            counters.drop(ArpDrop.ARP_SENDER_MAC_INVALID);
            return List.of();
        }
        if (mac != frame.ethSrc()) {
            counters.drop(ArpDrop.ARP_SENDER_MAC_MISMATCH);
            return List.of();
        }
        if (arp.senderIp() == side.routerAddress()) {
            counters.drop(ArpDrop.ARP_CLAIMS_ROUTER_ADDRESS);
            return List.of(mods.sendOut(
                    inPort, GeneratedFrames.arpAnnouncement(routerMac, side.routerAddress(), arp.senderMac())));
        }
        List<OFMessage> out = new ArrayList<>();
        if ((arp.senderIp() != 0 || arp.isReply()) && !learn(arp, inPort, now, out, learned)) {
            return out;
        }
        if (arp.isRequest() && arp.targetIp() == side.routerAddress()) {
            out.add(mods.sendOut(inPort, GeneratedFrames.arpReply(routerMac, side.routerAddress(), arp)));
            counters.count(NatEvent.ARP_REPLIED);
        } else if (arp.isGratuitous() || (arp.isRequest() && side.prefix().contains(arp.targetIp()))) {
            flood(frame.bytes(), inPort, ports, out);
        } else if (arp.isReply() && arp.targetMac() != routerMac) {
            neighbors
                    .lanHost(arp.targetIp())
                    .ifPresentOrElse(
                            h -> out.add(mods.sendOut(h.port(), frame.bytes())),
                            () -> flood(frame.bytes(), inPort, ports, out));
        }
        return out;
    }

    private boolean learn(ArpPacket arp, OFPort inPort, long now, List<OFMessage> out, List<Neighbors.Host> learned) {
        int ip = arp.senderIp();
        if (!side.isHost(ip)) {
            counters.drop(ArpDrop.ARP_SENDER_IP_INVALID);
            return false;
        }
        Optional<Neighbors.Host> bound = neighbors.lanHost(ip);
        Neighbors.Claim claim = neighbors.claim(ip, arp.senderMac(), inPort, now, ArpService.PROBE_MILLIS);
        if (claim == Neighbors.Claim.NEW) {
            neighbors.lanHost(ip).ifPresent(learned::add);
        }
        return ArpService.settled(claim, bound, routerMac, side.routerAddress(), mods, counters, out);
    }

    /** Asks every port of the segment who has {@code ip}, from the router's address there. */
    List<OFMessage> query(int ip, List<OFPort> ports) {
        counters.count(NatEvent.ARP_REQUESTED);
        byte[] request = GeneratedFrames.arpRequest(routerMac, side.routerAddress(), ip);
        List<OFMessage> out = new ArrayList<>();
        for (OFPort port : ports) {
            out.add(mods.sendOut(port, request));
        }
        return out;
    }

    private void flood(byte[] frame, OFPort inPort, List<OFPort> ports, List<OFMessage> out) {
        for (OFPort port : ports) {
            if (!port.equals(inPort)) {
                out.add(mods.sendOut(port, frame));
            }
        }
    }
}
