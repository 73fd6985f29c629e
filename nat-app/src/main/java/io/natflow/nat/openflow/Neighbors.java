package io.natflow.nat.openflow;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.types.OFPort;

/** What ARP taught us: LAN hosts (address → MAC and port) and the upstream gateway's MAC. */
final class Neighbors {

    record Host(int ip, long mac, OFPort port) {}

    private final Map<Integer, Host> lanHosts = new HashMap<>();
    private long gatewayMac = -1;
    private long gatewayLearnedAt;
    private long lastGatewayQuery = Long.MIN_VALUE / 2;

    /** Learns or refreshes a LAN host; true if it is new or moved (its route must be (re)installed). */
    boolean learnLanHost(int ip, long mac, OFPort port) {
        Host previous = lanHosts.put(ip, new Host(ip, mac, port));
        return previous == null || previous.mac() != mac || !previous.port().equals(port);
    }

    Optional<Host> lanHost(int ip) {
        return Optional.ofNullable(lanHosts.get(ip));
    }

    Iterable<Host> lanHosts() {
        return lanHosts.values();
    }

    /** True if the gateway's MAC is new or changed (its one route flow must be rewritten). */
    boolean learnGateway(long mac, long now) {
        boolean changed = gatewayMac != mac;
        gatewayMac = mac;
        gatewayLearnedAt = now;
        return changed;
    }

    boolean gatewayKnown() {
        return gatewayMac >= 0;
    }

    long gatewayMac() {
        return gatewayMac;
    }

    long gatewayLearnedAt() {
        return gatewayLearnedAt;
    }

    /** Rate-limits gateway ARP requests to one per {@code interval}. */
    boolean shouldQueryGateway(long now, long interval) {
        if (now - lastGatewayQuery < interval) {
            return false;
        }
        lastGatewayQuery = now;
        return true;
    }
}
