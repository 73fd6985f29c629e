package io.natflow.nat.openflow;

import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * ARP for the router, which is also the LAN's switch: answers for its LAN address (from the
 * LAN) and public addresses (from the WAN), learns LAN hosts and the gateway, passes ARP between
 * LAN hosts along, and asks for the gateway and for LAN hosts it must deliver to.
 *
 * <p>ARP inspection, as a managed switch does it: an ARP whose sender MAC is not a host's
 * unicast MAC, or differs from the frame's Ethernet source, is dropped; an ARP claiming one of
 * the router's addresses is never relayed and is answered with the truth; a claim on an address
 * bound to another MAC or port waits until the current binding was asked ({@link Neighbors}).
 * Every drop is counted by its {@link ArpDrop} reason.
 */
final class ArpService {
    /** How long the current binding of a claimed address has to answer before the binding moves. */
    static final long PROBE_MILLIS = 2_000;
    /** RFC 5227 DEFEND_INTERVAL: at most one broadcast defence of an address per 10 s. */
    static final long DEFEND_INTERVAL_MILLIS = 10_000;

    private static final long MULTICAST_BIT = 1L << 40;

    private final RouterConfig config;
    private final Neighbors neighbors;
    private final FlowMods mods;
    private final PipelineFlows pipeline;
    private final NatCounters counters;
    private final WanHops wanHops;
    /** Public addresses of static NAT rules: the router answers ARP for them on the WAN too. */
    private final IntPredicate staticPublic;

    private long lastWanDefence = Long.MIN_VALUE / 2;

    ArpService(
            RouterConfig config,
            Neighbors neighbors,
            WanHops wanHops,
            FlowMods mods,
            PipelineFlows pipeline,
            NatCounters counters) {
        this(config, neighbors, wanHops, mods, pipeline, counters, ip -> false);
    }

    ArpService(
            RouterConfig config,
            Neighbors neighbors,
            WanHops wanHops,
            FlowMods mods,
            PipelineFlows pipeline,
            NatCounters counters,
            IntPredicate staticPublic) {
        this.staticPublic = staticPublic;
        this.config = config;
        this.wanHops = wanHops;
        this.neighbors = neighbors;
        this.mods = mods;
        this.pipeline = pipeline;
        this.counters = counters;
    }

    /**
     * What an ARP frame or tick did: the messages to send, and the addresses that just became
     * reachable (or moved), whose held packets can go now.
     */
    record Result(List<OFMessage> messages, List<Integer> resolved) {
        static final Result NOTHING = new Result(List.of(), List.of());

        static Result of(List<OFMessage> messages) {
            return new Result(messages, List.of());
        }
    }

    /** Handles one ARP frame. */
    Result handle(Frame frame, OFPort inPort, SwitchPorts ports, long now) {
        ArpPacket arp = frame.arp();
        Optional<ArpDrop> invalid = inspect(arp, frame.ethSrc());
        if (invalid.isPresent()) {
            counters.drop(invalid.get());
            return Result.NOTHING;
        }
        boolean fromLan = ports.isLan(inPort);
        if (config.isRouterAddress(arp.senderIp())) {
            counters.drop(ArpDrop.ARP_CLAIMS_ROUTER_ADDRESS);
            return Result.of(defend(arp, inPort, fromLan, now));
        }
        List<OFMessage> out = new ArrayList<>();
        List<Integer> resolved = new ArrayList<>();
        if (fromLan) {
            fromLan(arp, frame.bytes(), inPort, ports, now, out, resolved);
        } else if (inPort.equals(ports.wan())) {
            fromWan(arp, ports, now, out, resolved);
        }
        return new Result(out, resolved);
    }

    /** Bindings whose claim went unanswered move now: their flows are rewritten. */
    Result tick(long now) {
        List<OFMessage> out = new ArrayList<>();
        List<Integer> moved = new ArrayList<>();
        for (Neighbors.Move move : neighbors.movesDue(now)) {
            out.addAll(pipeline.moveLanHost(
                    move.from(), move.to(), neighbors.macInUse(move.from().mac())));
            counters.count(NatEvent.ARP_HOST_MOVED);
            moved.add(move.to().ip());
        }
        return new Result(out, moved);
    }

    private Optional<ArpDrop> inspect(ArpPacket arp, long ethSrc) {
        if (!arp.isRequest() && !arp.isReply()) {
            return Optional.of(ArpDrop.ARP_BAD_OPERATION);
        }
        long mac = arp.senderMac();
        if (mac == 0 || (mac & MULTICAST_BIT) != 0 || mac == config.routerMac()) { // broadcast is multicast too
            return Optional.of(ArpDrop.ARP_SENDER_MAC_INVALID);
        }
        return mac == ethSrc ? Optional.empty() : Optional.of(ArpDrop.ARP_SENDER_MAC_MISMATCH);
    }

    /**
     * Someone says one of our addresses is theirs. On the LAN nobody else saw it (all ARP comes
     * here): tell the claimant the truth. On the WAN others may have: announce the truth to all,
     * at most once per DEFEND_INTERVAL.
     */
    private List<OFMessage> defend(ArpPacket arp, OFPort inPort, boolean fromLan, long now) {
        if (fromLan != (arp.senderIp() == config.routerLanIp())) {
            return List.of(); // our address of the other side: not announced here, only refused
        }
        if (fromLan) {
            return List.of(mods.sendOut(
                    inPort, GeneratedFrames.arpAnnouncement(config.routerMac(), arp.senderIp(), arp.senderMac())));
        }
        if (now - lastWanDefence < DEFEND_INTERVAL_MILLIS) {
            return List.of();
        }
        lastWanDefence = now;
        return List.of(mods.sendOut(
                inPort,
                GeneratedFrames.arpAnnouncement(config.routerMac(), arp.senderIp(), GeneratedFrames.BROADCAST_MAC)));
    }

    private void fromLan(
            ArpPacket arp,
            byte[] frame,
            OFPort inPort,
            SwitchPorts ports,
            long now,
            List<OFMessage> out,
            List<Integer> resolved) {
        if (arp.senderIp() != 0 || arp.isReply()) { // sender 0.0.0.0: an RFC 5227 probe, nothing to learn
            if (!learn(arp, inPort, now, out, resolved)) {
                return;
            }
        }
        if (arp.isRequest() && arp.targetIp() == config.routerLanIp()) {
            out.add(mods.sendOut(inPort, GeneratedFrames.arpReply(config.routerMac(), config.routerLanIp(), arp)));
            counters.count(NatEvent.ARP_REPLIED);
        } else if (arp.isGratuitous() || (arp.isRequest() && config.onLink(arp.targetIp()))) {
            floodLan(
                    frame, inPort, ports, out); // a question for a neighbour, or an announcement that passed inspection
        } else if (arp.isReply() && arp.targetMac() != config.routerMac()) {
            neighbors
                    .lanHost(arp.targetIp())
                    .ifPresentOrElse(
                            h -> out.add(mods.sendOut(h.port(), frame)), () -> floodLan(frame, inPort, ports, out));
        }
    }

    /** Learns or confirms the sender's binding; false if the ARP must go no further. */
    private boolean learn(ArpPacket arp, OFPort inPort, long now, List<OFMessage> out, List<Integer> resolved) {
        int ip = arp.senderIp();
        if (!config.isOnLinkHost(ip)) { // hosts of routed LAN prefixes are reached via their router
            counters.drop(ArpDrop.ARP_SENDER_IP_INVALID);
            return false;
        }
        Optional<Neighbors.Host> bound = neighbors.lanHost(ip);
        Neighbors.Claim claim = neighbors.claim(ip, arp.senderMac(), inPort, now, PROBE_MILLIS);
        if (claim == Neighbors.Claim.NEW) {
            neighbors.lanHost(ip).ifPresent(h -> out.addAll(pipeline.lanHost(h)));
            resolved.add(ip);
        }
        return settled(claim, bound, config.routerMac(), config.routerLanIp(), mods, counters, out);
    }

    /**
     * Counts what a sender's claim came to (a LAN's or a segment's table); on a conflict the
     * bound host is probed from the router's address there. False if the ARP must go no further.
     */
    static boolean settled(
            Neighbors.Claim claim,
            Optional<Neighbors.Host> bound,
            long routerMac,
            int routerIp,
            FlowMods mods,
            NatCounters counters,
            List<OFMessage> out) {
        switch (claim) {
            case NEW, KNOWN -> {}
            case DEFENDED -> counters.count(NatEvent.ARP_CLAIM_REFUSED);
            case CONFLICT -> {
                counters.drop(ArpDrop.ARP_BINDING_CONFLICT);
                Neighbors.Host h = bound.orElseThrow();
                out.add(mods.sendOut(h.port(), GeneratedFrames.arpProbe(routerMac, routerIp, h.ip(), h.mac())));
                counters.count(NatEvent.ARP_REQUESTED);
                return false;
            }
            case CONFLICT_WAITING -> {
                counters.drop(ArpDrop.ARP_BINDING_CONFLICT);
                return false;
            }
            case FULL -> {
                counters.drop(ArpDrop.ARP_HOST_TABLE_FULL);
                return false;
            }
        }
        return true;
    }

    private void fromWan(ArpPacket arp, SwitchPorts ports, long now, List<OFMessage> out, List<Integer> resolved) {
        if (arp.senderIp() == config.gatewayIp()) {
            if (neighbors.learnGateway(arp.senderMac(), now)) {
                out.add(pipeline.defaultRoute(arp.senderMac(), ports.wan()));
            }
            resolved.add(arp.senderIp());
        }
        if (wanHops.isHop(arp.senderIp())) {
            if (wanHops.learn(arp.senderIp(), arp.senderMac(), now)) {
                out.addAll(pipeline.wanRoutes(arp.senderIp(), arp.senderMac(), ports.wan()));
            }
            resolved.add(arp.senderIp());
        }
        boolean ours = config.isRouterAddress(arp.targetIp()) || staticPublic.test(arp.targetIp());
        if (arp.isRequest() && ours && arp.targetIp() != config.routerLanIp()) {
            out.add(mods.sendOut(ports.wan(), GeneratedFrames.arpReply(config.routerMac(), arp.targetIp(), arp)));
            counters.count(NatEvent.ARP_REPLIED);
        } else if (!arp.isReply() || (arp.senderIp() != config.gatewayIp() && !wanHops.isHop(arp.senderIp()))) {
            counters.drop(PacketInDrop.ARP_NOT_FOR_US);
        }
    }

    /** Asks for the gateway's MAC, at most once per retry interval. */
    List<OFMessage> queryGateway(SwitchPorts ports, long now) {
        if (!neighbors.shouldQueryGateway(now, config.arpRetry().toMillis())) {
            return List.of();
        }
        counters.count(NatEvent.ARP_REQUESTED);
        return List.of(mods.sendOut(
                ports.wan(), GeneratedFrames.arpRequest(config.routerMac(), config.routerWanIp(), config.gatewayIp())));
    }

    /** Asks for a static route's WAN next hop, at most once per retry interval per hop. */
    List<OFMessage> queryWanHop(int ip, SwitchPorts ports, long now) {
        if (!wanHops.shouldQuery(ip, now, config.arpRetry().toMillis())) {
            return List.of();
        }
        counters.count(NatEvent.ARP_REQUESTED);
        return List.of(
                mods.sendOut(ports.wan(), GeneratedFrames.arpRequest(config.routerMac(), config.routerWanIp(), ip)));
    }

    /** Asks every LAN port who has {@code ip}. */
    List<OFMessage> queryLanHost(int ip, SwitchPorts ports) {
        counters.count(NatEvent.ARP_REQUESTED);
        byte[] request = GeneratedFrames.arpRequest(config.routerMac(), config.routerLanIp(), ip);
        List<OFMessage> out = new ArrayList<>();
        for (OFPort port : ports.lan()) {
            out.add(mods.sendOut(port, request));
        }
        return out;
    }

    private void floodLan(byte[] frame, OFPort inPort, SwitchPorts ports, List<OFMessage> out) {
        for (OFPort port : ports.lan()) {
            if (!port.equals(inPort)) {
                out.add(mods.sendOut(port, frame));
            }
        }
    }
}
