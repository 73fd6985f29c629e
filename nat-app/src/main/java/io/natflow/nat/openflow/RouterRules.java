package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.rules.Direction;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.PacketKey;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleContext;
import io.natflow.nat.rules.RuleError;
import io.natflow.nat.rules.RuleList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * One router's rule list, live: which rule takes a packet that reached the controller, the
 * rule flows for the switch (RuleFlows) when it connects and when the list changes, the static
 * public addresses ARP answers for, and the per-rule count of packets the controller decided.
 * On the router's loop only.
 */
final class RouterRules {
    private final RouterConfig config;
    private final RuleFlows flows;
    private final RuleContext context;
    private RuleList list;
    private Set<Integer> staticPublic = Set.of();
    private boolean anyInbound;
    private Map<Integer, long[]> decided = new HashMap<>();
    private SwitchPorts ports;
    private final VirtualServers vservers;

    RouterRules(RouterConfig config, FlowMods mods, VirtualServers vservers) {
        this.config = config;
        this.flows = new RuleFlows(config, mods);
        this.context = context(config);
        this.vservers = vservers;
        use(config.rules());
    }

    /** The router a list is validated against. */
    static RuleContext context(RouterConfig c) {
        return context(
                c.lanNetwork(), c.lanPrefixLength(), c.routes(), c.routerLanIp(), c.nat(), c.lanPorts(), c.wanPort());
    }

    static RuleContext context(
            int lanNetwork,
            int lanPrefixLength,
            Routes routes,
            int routerLanIp,
            NatConfig nat,
            List<String> lanPorts,
            String wanPort) {
        List<Integer> pool = new ArrayList<>();
        for (int a : nat.publicAddresses()) {
            pool.add(a);
        }
        Set<String> names = new HashSet<>(lanPorts);
        names.add(wanPort);
        List<Prefix> routed = new ArrayList<>();
        routes.lan()
                .forEach(r ->
                        routed.add(new Prefix(r.prefix().network(), r.prefix().length())));
        return new RuleContext(new Prefix(lanNetwork, lanPrefixLength), routed, routerLanIp, pool, names);
    }

    RuleList list() {
        return list;
    }

    RuleContext context() {
        return context;
    }

    /**
     * The switch connected: what a list in the switch from before (another controller run,
     * another list) left goes, then the guards and every rule's flows.
     */
    List<OFMessage> start(SwitchPorts ports) {
        this.ports = ports;
        List<OFMessage> out = new ArrayList<>();
        out.add(flows.deleteAll());
        out.add(flows.deleteFragmentCopies());
        out.addAll(flows.guards(ports));
        out.addAll(flows.rules(list, ports));
        out.addAll(vservers.start(list));
        return out;
    }

    /**
     * Applies an edit of the list: the new list and the flows that replace the old list's (all
     * rule flows are deleted and added again, in one batch; a packet that meets the gap goes up
     * and is decided here by the new list), or the error and no change.
     */
    RouterChange<RuleList.Edit> edit(Function<RuleList, RuleList.Edit> edit) {
        RuleList.Edit e = edit.apply(list);
        if (!(e instanceof RuleList.Changed changed)) {
            return RouterChange.of(e);
        }
        use(changed.list());
        List<OFMessage> ended = vservers.use(list, ports != null); // sessions of virtual servers that went
        if (ports == null) {
            return RouterChange.of(e);
        }
        List<OFMessage> out = new ArrayList<>(ended);
        out.add(flows.deleteAll());
        out.add(flows.deleteFragmentCopies());
        out.addAll(flows.guards(ports)); // their copies went with the rules'
        out.addAll(flows.rules(list, ports));
        return new RouterChange<>(e, out);
    }

    /** Replaces the whole list (a stored list at startup), validated. */
    RouterChange<RuleList.Edit> set(RuleList next) {
        List<RuleError> errors = next.validate(context);
        if (!errors.isEmpty()) {
            return RouterChange.of(new RuleList.Refused(errors.get(0)));
        }
        return edit(old -> new RuleList.Changed(next));
    }

    /** Takes over a list another router of this switch held (validated then), sending nothing: the next start installs it. */
    void adopt(RuleList next) {
        use(next);
        vservers.use(next, false);
    }

    private void use(RuleList next) {
        Set<Integer> statics = new HashSet<>();
        boolean inbound = false;
        Map<Integer, long[]> counts = new HashMap<>();
        for (NatRule r : next.rules()) {
            if (r instanceof NatRule.StaticNat s && s.enabled()) {
                statics.add(s.publicAddress());
            } else if (r instanceof NatRule.VirtualServer v && v.enabled()) {
                statics.add(v.publicAddress()); // the virtual server's own address: ARP answered
            }
            inbound |= r instanceof NatRule.StaticNat
                    || r.match().direction() == Direction.INBOUND
                    || r.match().reverse();
            long[] old = decided.get(r.number());
            counts.put(r.number(), old != null ? old : new long[1]);
        }
        this.list = next;
        this.staticPublic = Set.copyOf(statics);
        this.anyInbound = inbound;
        this.decided = counts;
    }

    /** A static NAT's or virtual server's public address: the router answers ARP for it. */
    boolean isStaticPublic(int ip) {
        return staticPublic.contains(ip);
    }

    /** The rule for an outbound packet that reached the controller; null if none matches. */
    NatRule outbound(Ipv4Packet p, OFPort inPort) {
        return decide(Direction.OUTBOUND, p, portName(inPort), config.wanPort());
    }

    /** The rule for an inbound packet that reached the controller; null if none matches (then the NAT decides). */
    NatRule inbound(Ipv4Packet p) {
        return anyInbound ? decide(Direction.INBOUND, p, config.wanPort(), null) : null;
    }

    private NatRule decide(Direction d, Ipv4Packet p, String in, String out) {
        int proto = p.protocol();
        boolean ports = (proto == EtherTypes.PROTO_TCP || proto == EtherTypes.PROTO_UDP) && !p.isLaterFragment();
        PacketKey key =
                new PacketKey(d, proto, p.src(), ports ? p.srcPort() : 0, p.dst(), ports ? p.dstPort() : 0, in, out);
        int i = list.firstMatch(key);
        if (i < 0) {
            return null;
        }
        NatRule rule = list.at(i);
        long[] count = decided.get(rule.number());
        if (count != null) {
            count[0]++;
        }
        return rule;
    }

    private String portName(OFPort port) {
        if (ports != null) {
            int i = ports.lan().indexOf(port);
            if (i >= 0) {
                return config.lanPorts().get(i);
            }
        }
        return config.wanPort();
    }

    /** Packets the controller decided by each rule, by rule number. */
    Map<Integer, Long> decided() {
        Map<Integer, Long> out = new HashMap<>();
        decided.forEach((n, c) -> out.put(n, c[0]));
        return out;
    }

    /** Reads every rule flow's counters. */
    static OFFlowStatsRequest statsRequest(OFFactory f) {
        return f.buildFlowStatsRequest()
                .setTableId(RuleFlows.table())
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(RuleFlows.RULE_COOKIE))
                .setCookieMask(RuleFlows.RULE_COOKIE_MASK)
                .build();
    }

    /** Packets and bytes per rule number, summed over the rule's flows. */
    static Map<Integer, long[]> sum(List<OFFlowStatsReply> replies) {
        Map<Integer, long[]> out = new HashMap<>();
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry e : reply.getEntries()) {
                int n = RuleFlows.ruleNumber(e.getCookie());
                if (n >= 0) {
                    long[] c = out.computeIfAbsent(n, k -> new long[2]);
                    c[0] += e.getPacketCount().getValue();
                    c[1] += e.getByteCount().getValue();
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "rules of " + Ipv4.format(config.routerLanIp()) + ": " + list;
    }
}
