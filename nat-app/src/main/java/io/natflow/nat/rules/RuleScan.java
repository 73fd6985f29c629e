package io.natflow.nat.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The hot path's scan of a {@link RuleList}: every rule's necessary conditions (direction,
 * protocol, address prefixes, port ranges) as primitive arrays, checked before the rule's own
 * {@link NatRule#matches}, which alone decides. A rule a packet cannot match costs a few int
 * compares instead of a call through the rule and its match records (the 100-rule benchmark:
 * docs/benchmarks.md, "NAT rules"). A kind this class does not know, or a disabled rule, is
 * always asked.
 */
final class RuleScan {
    private static final byte OUT = 0;
    private static final byte IN = 1;
    private static final byte ASK = 2; // no pre-check: ask the rule

    // one entry per way a rule can match (one, or two with reverse / static NAT), in list order
    private final int[] rule;
    private final byte[] direction;
    private final int[] protocol; // -1: any
    private final int[] sourceNetwork;
    private final int[] sourceMask;
    private final int[] destinationNetwork;
    private final int[] destinationMask;
    private final boolean[] ports; // whether the port ranges count (then TCP or UDP only)
    private final int[] sourceLow;
    private final int[] sourceHigh;
    private final int[] destinationLow;
    private final int[] destinationHigh;
    private final boolean[] exact; // the pre-check is the whole match (no port names, no kind's own test)

    private record Entry(
            int rule,
            byte direction,
            int protocol,
            Prefix source,
            Prefix destination,
            PortRange sports,
            PortRange dports,
            boolean exact) {}

    RuleScan(NatRule[] rules) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            entries(i, rules[i], entries);
        }
        int n = entries.size();
        rule = new int[n];
        direction = new byte[n];
        protocol = new int[n];
        sourceNetwork = new int[n];
        sourceMask = new int[n];
        destinationNetwork = new int[n];
        destinationMask = new int[n];
        ports = new boolean[n];
        sourceLow = new int[n];
        sourceHigh = new int[n];
        destinationLow = new int[n];
        destinationHigh = new int[n];
        exact = new boolean[n];
        for (int k = 0; k < n; k++) {
            Entry e = entries.get(k);
            rule[k] = e.rule();
            direction[k] = e.direction();
            protocol[k] = e.protocol();
            sourceNetwork[k] = e.source().network();
            sourceMask[k] = e.source().mask();
            destinationNetwork[k] = e.destination().network();
            destinationMask[k] = e.destination().mask();
            ports[k] = !e.sports().isAny() || !e.dports().isAny();
            sourceLow[k] = e.sports().low();
            sourceHigh[k] = e.sports().high();
            destinationLow[k] = e.dports().low();
            destinationHigh[k] = e.dports().high();
            exact[k] = e.exact();
        }
    }

    private static void entries(int i, NatRule r, List<Entry> out) {
        if (!r.enabled()) {
            out.add(ask(i));
            return;
        }
        RuleMatch m = r.match();
        int proto = m.protocol().number();
        if (r instanceof NatRule.Masquerade || r instanceof NatRule.Skip || r instanceof NatRule.Drop) {
            out.add(oneWay(i, m));
            if (m.reverse()) {
                out.add(oneWay(i, m.reversed()));
            }
        } else if (r instanceof NatRule.StaticNat s) { // from its private address out, to its public address in
            out.add(new Entry(
                    i, OUT, proto, Prefix.host(s.privateAddress()), Prefix.ANY, PortRange.ANY, PortRange.ANY, false));
            out.add(new Entry(
                    i, IN, proto, Prefix.ANY, Prefix.host(s.publicAddress()), PortRange.ANY, PortRange.ANY, false));
        } else if (r instanceof NatRule.DestinationNat d) { // its ports count only for tcp or udp, as in its matches()
            PortRange dports = d.protocol().hasPorts() ? d.publicPorts() : PortRange.ANY;
            out.add(new Entry(
                    i,
                    IN,
                    d.protocol().number(),
                    Prefix.ANY,
                    Prefix.host(d.publicAddress()),
                    PortRange.ANY,
                    dports,
                    false));
        } else {
            out.add(ask(i));
        }
    }

    private static Entry oneWay(int i, RuleMatch m) {
        byte d = m.direction() == Direction.OUTBOUND ? OUT : IN;
        return new Entry(
                i,
                d,
                m.protocol().number(),
                m.source(),
                m.destination(),
                m.sourcePorts(),
                m.destinationPorts(),
                m.inPort() == null && m.outPort() == null);
    }

    private static Entry ask(int i) {
        return new Entry(i, ASK, -1, Prefix.ANY, Prefix.ANY, PortRange.ANY, PortRange.ANY, false);
    }

    /** The index of the first rule that takes the packet, -1 if none does. No allocation. */
    int firstMatch(PacketKey p, NatRule[] rules) {
        byte d = p.direction() == Direction.OUTBOUND ? OUT : IN;
        int proto = p.protocol();
        boolean tcpOrUdp = proto == RuleProtocol.TCP.number() || proto == RuleProtocol.UDP.number();
        int src = p.source();
        int dst = p.destination();
        int sport = p.sourcePort();
        int dport = p.destinationPort();
        int asked = -1;
        for (int k = 0; k < rule.length; k++) {
            byte ed = direction[k];
            if (ed != ASK) {
                if (ed != d
                        || (protocol[k] >= 0 && protocol[k] != proto)
                        || (src & sourceMask[k]) != sourceNetwork[k]
                        || (dst & destinationMask[k]) != destinationNetwork[k]) {
                    continue;
                }
                if (ports[k]
                        && (!tcpOrUdp
                                || sport < sourceLow[k]
                                || sport > sourceHigh[k]
                                || dport < destinationLow[k]
                                || dport > destinationHigh[k])) {
                    continue;
                }
            }
            int i = rule[k];
            if (exact[k]) {
                return i;
            }
            if (i != asked) { // a rule's second entry: asked already
                asked = i;
                if (rules[i].matches(p)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
