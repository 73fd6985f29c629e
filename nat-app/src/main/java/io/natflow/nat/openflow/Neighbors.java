package io.natflow.nat.openflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * What ARP taught us: LAN host bindings (address → MAC and port) and the upstream gateway's MAC.
 *
 * <p>A binding does not move on one ARP's word. An ARP that places a bound address at another
 * MAC or port is a claim: it waits while the caller asks the current binding (a unicast ARP to
 * its MAC on its port). If the current owner shows up within the probe time, the claim is void;
 * if not, {@link #movesDue} moves the binding. So a host that changed its NIC or port is
 * reachable again a few seconds after its first ARP, and no LAN host can take over a live
 * neighbour's address.
 */
final class Neighbors {
    /** Bound on LAN bindings: a LAN host ARPing for every address of a big prefix must not fill the switch. */
    static final int MAX_LAN_HOSTS = 16_384;

    record Host(int ip, long mac, OFPort port) {}

    /** A binding moving from {@code from} to {@code to}: the caller rewrites its flows. */
    record Move(Host from, Host to) {}

    /** What a valid ARP's sender claim did to the bindings. */
    enum Claim {
        /** A new binding: install its flows. */
        NEW,
        /** Confirms the current binding. */
        KNOWN,
        /** Confirms the current binding while another claim on its address waited: that claim is void. */
        DEFENDED,
        /** The address is bound elsewhere: the claim waits; probe the current binding. */
        CONFLICT,
        /** The address is bound elsewhere and a claim on it already waits. */
        CONFLICT_WAITING,
        /** No room for another binding. */
        FULL
    }

    private record Waiting(Host claimed, long deadline) {}

    private final Map<Integer, Host> lanHosts = new HashMap<>();
    private final Map<Integer, Waiting> claims = new HashMap<>();
    private long gatewayMac = -1;
    private long gatewayLearnedAt;
    private long lastGatewayQuery = Long.MIN_VALUE / 2;

    /** A valid ARP says {@code ip} is at {@code mac} behind {@code port}. */
    Claim claim(int ip, long mac, OFPort port, long now, long probeMillis) {
        Host claimed = new Host(ip, mac, port);
        Host bound = lanHosts.get(ip);
        if (bound == null) {
            if (lanHosts.size() >= MAX_LAN_HOSTS) {
                return Claim.FULL;
            }
            lanHosts.put(ip, claimed);
            return Claim.NEW;
        }
        if (bound.equals(claimed)) {
            return claims.remove(ip) != null ? Claim.DEFENDED : Claim.KNOWN;
        }
        if (claims.containsKey(ip)) {
            return Claim.CONFLICT_WAITING;
        }
        claims.put(ip, new Waiting(claimed, now + probeMillis));
        return Claim.CONFLICT;
    }

    /** Claims whose probe time passed unanswered: their bindings move now. */
    List<Move> movesDue(long now) {
        List<Move> moves = new ArrayList<>();
        for (Iterator<Waiting> it = claims.values().iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.deadline() <= now) {
                it.remove();
                Host from = lanHosts.put(w.claimed().ip(), w.claimed());
                moves.add(new Move(from, w.claimed()));
            }
        }
        return moves;
    }

    /** True if some binding uses {@code mac} (its intra-LAN flow must stay). */
    boolean macInUse(long mac) {
        return lanHosts.values().stream().anyMatch(h -> h.mac() == mac);
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
