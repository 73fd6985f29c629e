package io.natflow.nat.openflow;

import io.natflow.nat.rules.Direction;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.PortRange;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.RuleMatch;
import io.natflow.nat.rules.RuleProtocol;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * The rule list in the switch, in CLASSIFY above the router's pass flows: rule i of n gets
 * priority {@code RULE_BASE + 2 (n - i)}, so the switch keeps the user's order. Skip, drop and
 * static 1:1 rules are whole in their flows (the controller never sees their packets); a
 * masquerade rule's flows send its packets on to WATCH, today's reactive path (with header copies
 * of first fragments, as the pass flows have). Guard flows above every rule keep what is the
 * router's own on today's path: packets for the router and the LAN prefix from the LAN, and for
 * the masquerade pool's addresses from both sides. Every rule flow's cookie names its rule
 * ({@link #cookie}), so the switch's flow stats are the rule's counters.
 */
final class RuleFlows {
    static final int RULE_BASE = 1000;
    static final int GUARD = RULE_BASE + 2 * RuleList.MAX_RULES + 10;
    /** Rule flows: "NF", then 0x01, then the rule number in the low 16 bits. */
    static final long RULE_COOKIE = 0x4e46_0100_0000_0000L;

    static final U64 RULE_COOKIE_MASK = U64.of(0xffff_ff00_0000_0000L);
    static final U64 GUARD_COOKIE = U64.of(0x4e46_0000_0000_0020L);

    private final RouterConfig config;
    private final FlowMods mods;
    private final OFFactory f;

    RuleFlows(RouterConfig config, FlowMods mods) {
        this.config = config;
        this.mods = mods;
        this.f = mods.factory();
    }

    static U64 cookie(int ruleNumber) {
        return U64.of(RULE_COOKIE | ruleNumber);
    }

    /** The rule number a flow's cookie names, or -1 if it is not a rule flow. */
    static int ruleNumber(U64 cookie) {
        long c = cookie.getValue();
        return (c & RULE_COOKIE_MASK.getValue()) == RULE_COOKIE ? (int) (c & 0xffff) : -1;
    }

    /** Deletes every rule flow (not the guards) from CLASSIFY. */
    OFFlowDelete deleteAll() {
        return f.buildFlowDelete()
                .setTableId(Tables.CLASSIFY)
                .setCookie(U64.of(RULE_COOKIE))
                .setCookieMask(RULE_COOKIE_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    /** Deletes the rules' and guards' first-fragment copies (not the pipeline's). */
    OFFlowDelete deleteFragmentCopies() {
        return f.buildFlowDelete()
                .setTableId(Tables.CLASSIFY)
                .setCookie(Tables.RULE_FRAGMENT_COOKIE)
                .setCookieMask(U64.NO_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    /** The guards; they stay while the switch is connected, whatever the list. */
    List<OFMessage> guards(SwitchPorts ports) {
        List<OFMessage> out = new ArrayList<>();
        List<Prefix> lans = lans();
        List<Prefix> mine = new ArrayList<>(List.of(Prefix.host(config.routerLanIp())));
        mine.addAll(lans);
        for (int pub : config.nat().publicAddresses()) {
            mine.add(Prefix.host(pub));
        }
        for (OFPort port : ports.lan()) {
            for (Prefix src : lans) {
                for (Prefix dst : mine) {
                    Match m = base(port, src, dst).build();
                    out.add(mods.add(Tables.CLASSIFY, GUARD, GUARD_COOKIE, m, mods.gotoTable(Tables.WATCH), 0, false));
                    out.addAll(fragmentCopies(m, RuleProtocol.ANY, GUARD + 1));
                }
            }
        }
        for (int pub : config.nat().publicAddresses()) {
            Match m = base(ports.wan(), Prefix.ANY, Prefix.host(pub)).build();
            out.add(mods.add(Tables.CLASSIFY, GUARD, GUARD_COOKIE, m, mods.gotoTable(Tables.WATCH), 0, false));
            out.addAll(fragmentCopies(m, RuleProtocol.ANY, GUARD + 1));
        }
        return out;
    }

    /** Every rule's flows, in order. */
    List<OFMessage> rules(RuleList list, SwitchPorts ports) {
        List<OFMessage> out = new ArrayList<>();
        int n = list.size();
        for (int i = 0; i < n; i++) {
            NatRule rule = list.at(i);
            if (rule.enabled()) {
                out.addAll(rule(rule, RULE_BASE + 2 * (n - i), ports));
            }
        }
        return out;
    }

    private List<OFMessage> rule(NatRule rule, int priority, SwitchPorts ports) {
        U64 cookie = cookie(rule.number());
        RuleMatch m = rule.match();
        List<OFMessage> out = new ArrayList<>();
        if (rule instanceof NatRule.Masquerade) {
            for (Match match : matches(m, ports)) {
                out.add(mods.add(Tables.CLASSIFY, priority, cookie, match, mods.gotoTable(Tables.WATCH), 0, false));
                out.addAll(fragmentCopies(match, m.protocol(), priority + 1));
            }
        } else if (rule instanceof NatRule.Skip || rule instanceof NatRule.Drop) {
            List<OFInstruction> actions = rule instanceof NatRule.Drop
                    ? mods.drop()
                    : mods.applyThenGoto(List.of(mods.decrementTtl()), Tables.ROUTE);
            List<Match> all = new ArrayList<>(matches(m, ports));
            if (m.reverse()) {
                all.addAll(matches(m.reversed(), ports));
            }
            for (Match match : all) {
                out.add(mods.add(Tables.CLASSIFY, priority, cookie, match, actions, 0, false));
            }
        } else if (rule instanceof NatRule.StaticNat s) {
            RuleMatch outbound = new RuleMatch(
                    Direction.OUTBOUND,
                    Prefix.host(s.privateAddress()),
                    m.destination(),
                    m.sourcePorts(),
                    m.destinationPorts(),
                    m.protocol(),
                    m.inPort(),
                    m.outPort(),
                    false);
            List<OFAction> toPublic =
                    List.of(mods.setField(f.oxms().ipv4Src(IPv4Address.of(s.publicAddress()))), mods.decrementTtl());
            for (Match match : matches(outbound, ports)) {
                out.add(mods.add(
                        Tables.CLASSIFY,
                        priority,
                        cookie,
                        match,
                        mods.applyThenGoto(toPublic, Tables.ROUTE),
                        0,
                        false));
            }
            RuleMatch inbound = outbound.reversed().withDestination(Prefix.host(s.publicAddress()));
            List<OFAction> toPrivate =
                    List.of(mods.setField(f.oxms().ipv4Dst(IPv4Address.of(s.privateAddress()))), mods.decrementTtl());
            for (Match match : matches(inbound, ports)) {
                out.add(mods.add(
                        Tables.CLASSIFY,
                        priority,
                        cookie,
                        match,
                        mods.applyThenGoto(toPrivate, Tables.ROUTE),
                        0,
                        false));
            }
        } else if (rule instanceof NatRule.VirtualServer v) {
            out.addAll(virtualServer(v, priority, cookie, ports));
        }
        // DestinationNat: not compiled; see RouterRules
        return out;
    }

    /**
     * A virtual server's way into the session flows: from the WAN, its public endpoint (narrowed
     * by the match) goes on to WATCH (a SYN reaches the controller, which picks a server; the
     * rest meets the session flows in NAT); from the LAN, each server's port goes on to WATCH
     * too, so its answers meet their session flows whatever later rules say.
     */
    private List<OFMessage> virtualServer(NatRule.VirtualServer v, int priority, U64 cookie, SwitchPorts ports) {
        List<OFMessage> out = new ArrayList<>();
        PortRange publicPort = new PortRange(v.publicPort(), v.publicPort());
        RuleMatch m = v.match();
        RuleMatch inbound = new RuleMatch(
                Direction.INBOUND,
                m.source(),
                Prefix.host(v.publicAddress()),
                m.sourcePorts(),
                publicPort,
                v.protocol(),
                m.inPort(),
                null,
                false);
        for (Match match : matches(inbound, ports)) {
            out.add(mods.add(Tables.CLASSIFY, priority, cookie, match, mods.gotoTable(Tables.WATCH), 0, false));
        }
        for (NatRule.VirtualServer.Server s : v.servers()) {
            RuleMatch answers = new RuleMatch(
                    Direction.OUTBOUND,
                    Prefix.host(s.address()),
                    Prefix.ANY,
                    new PortRange(s.port(), s.port()),
                    PortRange.ANY,
                    v.protocol(),
                    null,
                    null,
                    false);
            for (Match match : matches(answers, ports)) {
                out.add(mods.add(Tables.CLASSIFY, priority, cookie, match, mods.gotoTable(Tables.WATCH), 0, false));
            }
        }
        return out;
    }

    /**
     * The switch matches of one direction of a rule match: one per arrival port it names (every
     * LAN port outbound, the WAN port inbound) and per masked block of its port ranges. Outbound
     * sources are narrowed to the LAN prefix (anti-spoofing stays); a criterion the switch can
     * never meet (an out port other than the WAN port outbound, a source outside the LAN) gives none.
     */
    List<Match> matches(RuleMatch m, SwitchPorts ports) {
        List<OFPort> in = new ArrayList<>();
        Prefix source = m.source();
        if (m.direction() == Direction.OUTBOUND) {
            if (m.outPort() != null && !m.outPort().equals(config.wanPort())) {
                return List.of();
            }
            Prefix lan = lan();
            if (!source.overlaps(lan)) {
                return List.of();
            }
            source = source.covers(lan) ? lan : source;
            for (int i = 0; i < ports.lan().size(); i++) {
                if (m.inPort() == null || m.inPort().equals(config.lanPorts().get(i))) {
                    in.add(ports.lan().get(i));
                }
            }
        } else {
            if (m.inPort() != null && !m.inPort().equals(config.wanPort())) {
                return List.of();
            }
            in.add(ports.wan());
        }
        List<Match> out = new ArrayList<>();
        List<int[]> sourceBlocks = PortBlocks.of(m.sourcePorts());
        List<int[]> destinationBlocks = PortBlocks.of(m.destinationPorts());
        for (OFPort port : in) {
            if (!m.protocol().hasPorts()) {
                Match.Builder b = base(port, source, m.destination());
                if (m.protocol() != RuleProtocol.ANY) {
                    b.setExact(MatchField.IP_PROTO, IpProtocol.of((short)
                            m.protocol().number()));
                }
                out.add(b.build());
                continue;
            }
            for (int[] sp : sourceBlocks) {
                for (int[] dp : destinationBlocks) {
                    Match.Builder b = base(port, source, m.destination());
                    IpProtocol proto = IpProtocol.of((short) m.protocol().number());
                    b.setExact(MatchField.IP_PROTO, proto);
                    boolean tcp = m.protocol() == RuleProtocol.TCP;
                    ports(b, tcp ? MatchField.TCP_SRC : MatchField.UDP_SRC, sp);
                    ports(b, tcp ? MatchField.TCP_DST : MatchField.UDP_DST, dp);
                    out.add(b.build());
                }
            }
        }
        return out;
    }

    private static void ports(Match.Builder b, MatchField<TransportPort> field, int[] block) {
        if (block[1] == 0) {
            return; // any
        }
        if (block[1] == 0xffff) {
            b.setExact(field, TransportPort.of(block[0]));
        } else {
            b.setMasked(field, TransportPort.of(block[0]), TransportPort.of(block[1]));
        }
    }

    private Match.Builder base(OFPort port, Prefix source, Prefix destination) {
        Match.Builder b = f.buildMatch()
                .setExact(MatchField.IN_PORT, port)
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.ETH_DST, MacAddress.of(config.routerMac()));
        prefix(b, MatchField.IPV4_SRC, source);
        prefix(b, MatchField.IPV4_DST, destination);
        return b;
    }

    private static void prefix(Match.Builder b, MatchField<IPv4Address> field, Prefix p) {
        if (p.isAny()) {
            return;
        }
        if (p.length() == 32) {
            b.setExact(field, IPv4Address.of(p.network()));
        } else {
            b.setMasked(field, IPv4Address.of(p.network()).withMaskOfLength(p.length()));
        }
    }

    /**
     * Header copies of TCP/UDP first fragments just above a flow that passes to WATCH
     * (PipelineFlows). Their cookie is {@link Tables#RULE_FRAGMENT_COOKIE}, which tells the
     * router a packet-in is a copy; it also keeps them (their NXM ip_frag match, which loxi
     * cannot read back) out of the rules' flow-stats replies.
     */
    private List<OFMessage> fragmentCopies(Match pass, RuleProtocol protocol, int priority) {
        U64 cookie = Tables.RULE_FRAGMENT_COOKIE;
        List<OFMessage> out = new ArrayList<>(2);
        List<OFInstruction> copy =
                mods.applyThenGoto(List.of(mods.toController(FlowMods.HEADER_COPY_BYTES)), Tables.WATCH);
        if (protocol == RuleProtocol.ANY) {
            for (IpProtocol p : List.of(IpProtocol.TCP, IpProtocol.UDP)) {
                out.add(mods.add(
                        Tables.CLASSIFY, priority, cookie, Matches.firstFragments(f, pass, p), copy, 0, false));
            }
        } else if (protocol.hasPorts()) {
            List<OFOxm<?>> oxms = new ArrayList<>();
            ((OFMatchV3) pass).getOxmList().forEach(oxms::add);
            oxms.add(IpFragOxm.FIRST);
            Match first = f.buildMatchV3().setOxmList(OFOxmList.ofList(oxms)).build();
            out.add(mods.add(Tables.CLASSIFY, priority, cookie, first, copy, 0, false));
        }
        return out;
    }

    private Prefix lan() {
        return new Prefix(config.lanNetwork(), config.lanPrefixLength());
    }

    /** Every LAN prefix, connected and routed: the sources the guards keep on the router's own path. */
    private List<Prefix> lans() {
        List<Prefix> all = new ArrayList<>();
        config.lanPrefixes().forEach(p -> all.add(new Prefix(p.network(), p.length())));
        return all;
    }

    /** The table the rule flows live in, for flow-stats reads. */
    static TableId table() {
        return Tables.CLASSIFY;
    }
}
