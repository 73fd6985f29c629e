package io.natflow.nat.openflow;

import io.natflow.controller.SwitchPort;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Twice NAT between the main LAN and the extra LAN segments ({@link LanSegments}): the packet-ins
 * of the punt flows ({@link TwiceFlows}) and everything that arrives on an extra segment's ports.
 * The first packet of a host pair gets the pair's two flows (reactive, per host pair: the pair
 * then costs the controller nothing) and is translated and sent here; later packets of the pair
 * stay in the switch. Hosts are resolved in the destination segment's own neighbour table (the
 * main LAN's is the router's). What an extra segment sends elsewhere (the WAN) is dropped and
 * counted: segments are not masqueraded.
 */
final class TwiceNatRouter {
    /** A pair whose flows went out this recently gets a packet-out only (the switch is still applying them). */
    static final long RECENT_MILLIS = 1_000;

    private static final long HOLD_MILLIS = 3_000;
    private static final int MAX_RECENT = 4_096;

    private final TwiceNat plan;
    private final RouterConfig config;
    private final Neighbors lanNeighbors;
    private final Routing routing;
    private final TwiceFlows flows;
    private final FlowMods mods;
    private final NatCounters counters;
    /** Per extra segment (index - 1): its ARP and neighbours, and packets waiting for a host there. */
    private final List<SegmentArp> arps = new ArrayList<>();

    private final List<PendingPackets> held = new ArrayList<>();
    private final Map<TwiceNat.Crossing, Long> recent = new LinkedHashMap<>();
    private List<List<OFPort>> sidePorts = List.of();
    private Map<OFPort, Integer> segmentOfPort = Map.of();
    private SwitchPorts mainPorts;

    TwiceNatRouter(RouterConfig config, Neighbors lanNeighbors, Routing routing, FlowMods mods, NatCounters counters) {
        this.config = config;
        this.plan = new TwiceNat(config);
        this.lanNeighbors = lanNeighbors;
        this.routing = routing;
        this.flows = new TwiceFlows(config, mods);
        this.mods = mods;
        this.counters = counters;
        for (TwiceNat.Side side : plan.sides()
                .subList(Math.min(1, plan.sides().size()), plan.sides().size())) {
            arps.add(new SegmentArp(side, config.routerMac(), mods, counters));
            held.add(new PendingPackets(HOLD_MILLIS, 0));
        }
    }

    /** The switch connected: resolve the segments' ports and install the static flows. */
    List<OFMessage> start(List<SwitchPort> switchPorts, SwitchPorts ports) {
        mainPorts = ports;
        if (!plan.enabled()) {
            return List.of();
        }
        List<List<OFPort>> resolved = new ArrayList<>();
        Map<OFPort, Integer> owner = new HashMap<>();
        resolved.add(ports.lan());
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < config.segments().segments().size(); i++) {
            LanSegment s = config.segments().segments().get(i);
            List<OFPort> mine = new ArrayList<>();
            for (String name : s.ports()) {
                Optional<OFPort> port = SwitchPorts.find(name, switchPorts);
                if (port.isEmpty()) {
                    missing.add(name);
                } else if (ports.isLan(port.get()) || ports.wan().equals(port.get()) || owner.containsKey(port.get())) {
                    throw new IllegalStateException("segment " + s.name() + ": port " + name
                            + " is already another segment's, a LAN or the WAN port");
                } else {
                    mine.add(port.get());
                    owner.put(port.get(), i + 1);
                }
            }
            resolved.add(List.copyOf(mine));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("switch has no LAN segment port(s) " + missing);
        }
        sidePorts = List.copyOf(resolved);
        segmentOfPort = Map.copyOf(owner);
        List<OFMessage> out = new ArrayList<>(flows.install(plan, sidePorts));
        for (int i = 0; i < arps.size(); i++) {
            for (Neighbors.Host h : arps.get(i).neighbors().lanHosts()) {
                out.addAll(flows.segmentHost(h, sidePorts.get(i + 1)));
            }
        }
        recent.clear();
        return out;
    }

    /** True if {@code port} is an extra segment's. */
    boolean isSegmentPort(OFPort port) {
        return segmentOfPort.containsKey(port);
    }

    /** True if a packet from the main LAN to {@code dst} is twice NAT's. */
    boolean crosses(int dst) {
        return plan.enabled() && plan.aliasOwner(dst).isPresent();
    }

    /** Anything from an extra segment's port: ARP, a ping of the router, a packet to another segment. */
    List<OFMessage> fromSegment(OFPacketIn pi, Frame frame, OFPort inPort, long now) throws MalformedPacketException {
        int index = segmentOfPort.get(inPort);
        if (frame.isArp()) {
            List<Neighbors.Host> learned = new ArrayList<>();
            List<OFMessage> out =
                    new ArrayList<>(arps.get(index - 1).handle(frame, inPort, sidePorts.get(index), now, learned));
            for (Neighbors.Host h : learned) {
                out.addAll(flows.segmentHost(h, sidePorts.get(index)));
                out.addAll(release(index, h));
            }
            return out;
        }
        if (!frame.isIpv4()) {
            counters.drop(PacketInDrop.NOT_IPV4);
            return List.of();
        }
        Ipv4Packet p = frame.ipv4();
        if (p.dst() == plan.side(index).routerAddress()) {
            return routing.answerEcho(frame, inPort);
        }
        if (!crosses(p.dst())) {
            counters.count(NatEvent.DROP_SEGMENT_NOT_ROUTED);
            return notRouted(frame, index, inPort);
        }
        return cross(index, pi, frame, inPort, now);
    }

    /**
     * The sender hears ICMP administratively prohibited from the segment's router address, so a
     * host of the segment that tries the WAN (a resolver, say) fails at once instead of waiting.
     * Never for an ICMP error or a later fragment (RFC 1812 4.3.2.7).
     */
    private List<OFMessage> notRouted(Frame frame, int index, OFPort inPort) throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (p.isLaterFragment()
                || (p.protocol() == EtherTypes.PROTO_ICMP && p.icmp().isError())) {
            return List.of();
        }
        byte[] error = GeneratedFrames.icmpError(
                IcmpMessage.DESTINATION_UNREACHABLE,
                IcmpMessage.CODE_ADMIN_PROHIBITED,
                plan.side(index).routerAddress(),
                p,
                config.routerMac(),
                frame.ethSrc());
        return List.of(mods.sendOut(inPort, error));
    }

    /** A packet from the main LAN to another segment's alias ({@link #crosses}). */
    List<OFMessage> fromLan(OFPacketIn pi, Frame frame, OFPort inPort, long now) throws MalformedPacketException {
        return cross(0, pi, frame, inPort, now);
    }

    private List<OFMessage> cross(int from, OFPacketIn pi, Frame frame, OFPort inPort, long now)
            throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        TwiceNat.Result result = plan.translate(from, p.src(), p.dst());
        if (result.crossing() == null) {
            counters.count(
                    switch (result.refusal()) {
                        case SOURCE_NOT_IN_SEGMENT -> NatEvent.DROP_TWICE_SOURCE_NOT_IN_SEGMENT;
                        case OWN_ALIAS -> NatEvent.DROP_TWICE_OWN_ALIAS;
                        case NOT_A_HOST -> NatEvent.DROP_TWICE_NOT_A_HOST;
                    });
            return List.of();
        }
        TwiceNat.Crossing c = result.crossing();
        if (pi.getReason() == OFPacketInReason.INVALID_TTL || p.ttl() <= 1) {
            return routing.timeExceeded(frame, inPort, plan.side(from).routerAddress());
        }
        Optional<Neighbors.Host> sender = neighbors(from).lanHost(c.src());
        if (sender.isEmpty()
                || sender.get().mac() != frame.ethSrc()
                || !sender.get().port().equals(inPort)) {
            counters.count(NatEvent.DROP_TWICE_SOURCE_NOT_BOUND); // the pair's flows would name another host
            return List.of();
        }
        p.setSrc(c.newSrc());
        p.setDst(c.newDst());
        p.decrementTtl();
        counters.count(NatEvent.TWICE_TRANSLATED_IN_CONTROLLER);
        Optional<Neighbors.Host> receiver = neighbors(c.to()).lanHost(c.newDst());
        if (receiver.isEmpty()) {
            return hold(c.to(), c.newDst(), frame, now);
        }
        List<OFMessage> out = new ArrayList<>();
        Long sent = recent.get(c);
        if (sent == null || now - sent >= RECENT_MILLIS) {
            out.addAll(flows.pair(c, sender.get(), receiver.get()));
            counters.count(NatEvent.TWICE_PAIR_FLOWS);
            remember(c, now);
        }
        Frame.setMacs(frame.bytes(), config.routerMac(), receiver.get().mac());
        out.add(mods.sendOut(receiver.get().port(), frame.bytes()));
        return out;
    }

    /** The translated packet waits for ARP in its segment (the main LAN's through {@link Routing}). */
    private List<OFMessage> hold(int to, int ip, Frame frame, long now) {
        if (to == 0) {
            return routing.deliver(frame, mainPorts, now);
        }
        PendingPackets.Held h = held.get(to - 1).hold(ip, frame.bytes(), now);
        if (h == PendingPackets.Held.FULL) {
            counters.drop(PacketInDrop.HOLD_QUEUE_FULL);
            return List.of();
        }
        return h == PendingPackets.Held.FIRST ? arps.get(to - 1).query(ip, sidePorts.get(to)) : List.of();
    }

    private List<OFMessage> release(int index, Neighbors.Host host) {
        List<OFMessage> out = new ArrayList<>();
        for (byte[] bytes : held.get(index - 1).release(host.ip())) {
            Frame.setMacs(bytes, config.routerMac(), host.mac());
            out.add(mods.sendOut(host.port(), bytes));
        }
        return out;
    }

    private void remember(TwiceNat.Crossing c, long now) {
        if (recent.size() >= MAX_RECENT) {
            recent.entrySet().removeIf(e -> now - e.getValue() >= RECENT_MILLIS);
            if (recent.size() >= MAX_RECENT) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
        recent.put(c, now);
        recent.put(c.reverse(), now); // the answer's first packet may meet the same window
    }

    private Neighbors neighbors(int index) {
        return index == 0 ? lanNeighbors : arps.get(index - 1).neighbors();
    }

    /** Timers: bindings on the segments whose claims went unanswered move; stale held packets go. */
    List<OFMessage> tick(long now) {
        List<OFMessage> out = new ArrayList<>();
        boolean moved = false;
        for (int i = 0; i < arps.size(); i++) {
            for (Neighbors.Move move : arps.get(i).neighbors().movesDue(now)) {
                if (!sidePorts.isEmpty()) {
                    out.addAll(flows.moveSegmentHost(move.from(), move.to(), sidePorts.get(i + 1)));
                }
                counters.count(NatEvent.ARP_HOST_MOVED);
                moved = true;
            }
            counters.count(NatEvent.DROP_NO_ROUTE_YET, held.get(i).expire(now));
        }
        if (moved) {
            out.add(flows.deletePairs());
            recent.clear();
        }
        return out;
    }

    /** A main LAN host moved: pair flows that name its old MAC or port go (the next packet makes new ones). */
    List<OFMessage> lanHostMoved() {
        if (!plan.enabled()) {
            return List.of();
        }
        recent.clear();
        return List.of(flows.deletePairs());
    }
}
