package io.natflow.nat.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scan's pre-checks only skip rules that could not match: over random lists of every kind
 * (reverse, disabled, port names, static and destination NAT) and random packets drawn from the
 * same few addresses and ports, it picks the rule asking every rule in turn picks.
 */
class RuleScanTest {
    private static final int[] ADDRESSES = {0x0a000001, 0x0a00000b, 0x0a00000c, 0xc6336450, 0xc6336451, 0xcb007101};
    private static final int[] PORTS = {0, 53, 80, 443, 1000, 40000};
    private static final int[] PROTOCOLS = {1, 6, 17, 47};
    private static final String[] PORT_NAMES = {null, "s1-eth1", "s1-eth4"};

    @Test
    void theScanPicksTheRuleAskingEveryRulePicks() {
        Random random = new Random(14);
        int matched = 0;
        int none = 0;
        for (int list = 0; list < 300; list++) {
            List<NatRule> rules = new ArrayList<>();
            int size = 1 + random.nextInt(12);
            for (int n = 1; n <= size; n++) {
                rules.add(rule(random, n * 10));
            }
            RuleList l = RuleList.of(rules);
            for (int packet = 0; packet < 300; packet++) {
                PacketKey p = packet(random);
                int expected = l.firstMatchByAsking(p);
                assertEquals(expected, l.firstMatch(p), () -> p + " against " + rules);
                if (expected >= 0) {
                    matched++;
                } else {
                    none++;
                }
            }
        }
        assertTrue(matched > 10_000 && none > 10_000, "both outcomes were tried: " + matched + " / " + none);
    }

    private static NatRule rule(Random r, int number) {
        Set<RuleFlag> flags = r.nextInt(10) == 0 ? Set.of(RuleFlag.DISABLED) : Set.of();
        int kind = r.nextInt(5);
        if (kind == 3) {
            return new NatRule.StaticNat(number, match(r, Direction.OUTBOUND, false), flags, "", pick(r), pick(r));
        }
        if (kind == 4) {
            int low = PORTS[1 + r.nextInt(PORTS.length - 1)];
            return new NatRule.DestinationNat(
                    number,
                    match(r, Direction.INBOUND, false),
                    flags,
                    "",
                    r.nextBoolean() ? RuleProtocol.TCP : RuleProtocol.UDP,
                    pick(r),
                    new PortRange(low, Math.min(65535, low + r.nextInt(500))),
                    pick(r),
                    1 + r.nextInt(1000));
        }
        RuleMatch m = match(r, r.nextBoolean() ? Direction.OUTBOUND : Direction.INBOUND, r.nextInt(3) == 0);
        return switch (kind) {
            case 0 -> new NatRule.Masquerade(number, m, flags, "");
            case 1 -> new NatRule.Skip(number, m, flags, "");
            default -> new NatRule.Drop(number, m, flags, "");
        };
    }

    private static RuleMatch match(Random r, Direction d, boolean reverse) {
        RuleProtocol protocol = RuleProtocol.values()[r.nextInt(RuleProtocol.values().length)];
        boolean ports = protocol.hasPorts() && r.nextBoolean();
        return new RuleMatch(
                d,
                prefix(r),
                prefix(r),
                ports && r.nextBoolean() ? range(r) : PortRange.ANY,
                ports ? range(r) : PortRange.ANY,
                protocol,
                PORT_NAMES[r.nextInt(PORT_NAMES.length)],
                r.nextInt(4) == 0 ? PORT_NAMES[r.nextInt(PORT_NAMES.length)] : null,
                reverse);
    }

    private static Prefix prefix(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Prefix.ANY;
            case 1 -> Prefix.host(pick(r));
            default -> {
                int length = 8 + r.nextInt(24);
                yield new Prefix(pick(r) & (-1 << (32 - length)), length);
            }
        };
    }

    private static PortRange range(Random r) {
        int low = PORTS[1 + r.nextInt(PORTS.length - 1)];
        return new PortRange(low, Math.min(65535, low + r.nextInt(1000)));
    }

    private static PacketKey packet(Random r) {
        int proto = PROTOCOLS[r.nextInt(PROTOCOLS.length)];
        boolean ports = proto == 6 || proto == 17;
        boolean out = r.nextBoolean();
        return new PacketKey(
                out ? Direction.OUTBOUND : Direction.INBOUND,
                proto,
                pick(r),
                ports ? PORTS[r.nextInt(PORTS.length)] : 0,
                pick(r),
                ports ? PORTS[r.nextInt(PORTS.length)] : 0,
                out ? "s1-eth1" : "s1-eth4",
                r.nextBoolean() ? (out ? "s1-eth4" : "s1-eth1") : null);
    }

    private static int pick(Random r) {
        return ADDRESSES[r.nextInt(ADDRESSES.length)];
    }
}
