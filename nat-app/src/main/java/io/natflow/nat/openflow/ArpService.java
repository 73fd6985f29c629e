package io.natflow.nat.openflow;

import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.RouterFrames;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * ARP for the router: answers for its LAN address (from the LAN) and public addresses (from the
 * WAN), learns LAN hosts and the gateway, passes ARP between LAN hosts along, and asks for the
 * gateway and for LAN hosts it must deliver to.
 */
final class ArpService {
    private final RouterConfig config;
    private final Neighbors neighbors;
    private final FlowMods mods;
    private final PipelineFlows pipeline;
    private final NatCounters counters;

    ArpService(RouterConfig config, Neighbors neighbors, FlowMods mods, PipelineFlows pipeline, NatCounters counters) {
        this.config = config;
        this.neighbors = neighbors;
        this.mods = mods;
        this.pipeline = pipeline;
        this.counters = counters;
    }

    /** Handles one ARP frame; {@code resolved} receives the addresses that just became reachable. */
    List<OFMessage> handle(ArpPacket arp, byte[] frame, OFPort inPort, SwitchPorts ports, long now, List<Integer> resolved) {
        List<OFMessage> out = new ArrayList<>();
        if (ports.isLan(inPort)) {
            fromLan(arp, frame, inPort, ports, out, resolved);
        } else if (inPort.equals(ports.wan())) {
            fromWan(arp, ports, now, out, resolved);
        }
        return out;
    }

    private void fromLan(ArpPacket arp, byte[] frame, OFPort inPort, SwitchPorts ports, List<OFMessage> out,
                         List<Integer> resolved) {
        if (config.inLan(arp.senderIp()) && arp.senderIp() != config.routerLanIp()
                && neighbors.learnLanHost(arp.senderIp(), arp.senderMac(), inPort)) {
            neighbors.lanHost(arp.senderIp()).ifPresent(h -> out.addAll(pipeline.lanHost(h)));
            resolved.add(arp.senderIp());
        }
        if (arp.isRequest() && arp.targetIp() == config.routerLanIp()) {
            out.add(mods.sendOut(inPort, RouterFrames.arpReply(config.routerMac(), config.routerLanIp(), arp)));
            counters.increment("arp.replied");
        } else if (arp.isRequest() && !arp.isGratuitous() && config.inLan(arp.targetIp())) {
            floodLan(frame, inPort, ports, out);
        } else if (arp.isReply() && arp.targetMac() != config.routerMac()) {
            neighbors.lanHost(arp.targetIp()).ifPresentOrElse(
                    h -> out.add(mods.sendOut(h.port(), frame)),
                    () -> floodLan(frame, inPort, ports, out));
        }
    }

    private void fromWan(ArpPacket arp, SwitchPorts ports, long now, List<OFMessage> out, List<Integer> resolved) {
        if (arp.senderIp() == config.gatewayIp()) {
            if (neighbors.learnGateway(arp.senderMac(), now)) {
                out.add(pipeline.defaultRoute(arp.senderMac(), ports.wan()));
            }
            resolved.add(arp.senderIp());
        }
        if (arp.isRequest() && config.isRouterAddress(arp.targetIp()) && arp.targetIp() != config.routerLanIp()) {
            out.add(mods.sendOut(ports.wan(), RouterFrames.arpReply(config.routerMac(), arp.targetIp(), arp)));
            counters.increment("arp.replied");
        } else if (!arp.isReply() || arp.senderIp() != config.gatewayIp()) {
            counters.drop(RouterDrop.ARP_NOT_FOR_US);
        }
    }

    /** Asks for the gateway's MAC, at most once per retry interval. */
    List<OFMessage> queryGateway(SwitchPorts ports, long now) {
        if (!neighbors.shouldQueryGateway(now, config.arpRetry().toMillis())) {
            return List.of();
        }
        counters.increment("arp.requested");
        return List.of(mods.sendOut(ports.wan(),
                RouterFrames.arpRequest(config.routerMac(), config.routerWanIp(), config.gatewayIp())));
    }

    /** Asks every LAN port who has {@code ip}. */
    List<OFMessage> queryLanHost(int ip, SwitchPorts ports) {
        counters.increment("arp.requested");
        byte[] request = RouterFrames.arpRequest(config.routerMac(), config.routerLanIp(), ip);
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
