package io.natflow.nat.rules;

import io.natflow.nat.core.Ipv4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered rules of one router, immutable: every edit returns a new list, or the {@link
 * RuleError} that says why not (and the old list is untouched). First match wins.
 */
public final class RuleList {
    /** Most rules one router takes: each is up to a few flows in the switch. */
    public static final int MAX_RULES = 1000;

    private static final RuleList EMPTY = new RuleList(List.of());

    private final List<NatRule> rules;
    private final NatRule[] array;
    private final RuleScan scan; // the hot path: necessary conditions as arrays, then the rule itself

    private RuleList(List<NatRule> rules) {
        this.rules = List.copyOf(rules);
        this.array = this.rules.toArray(new NatRule[0]);
        this.scan = new RuleScan(array);
    }

    public static RuleList empty() {
        return EMPTY;
    }

    /** A list as given, unchecked; {@link #validate} it against its router. */
    public static RuleList of(List<NatRule> rules) {
        return new RuleList(rules);
    }

    public List<NatRule> rules() {
        return rules;
    }

    public int size() {
        return array.length;
    }

    public Optional<NatRule> get(int number) {
        int i = indexOf(number);
        return i < 0 ? Optional.empty() : Optional.of(array[i]);
    }

    /** The index of rule {@code number} in the order, -1 if none. */
    public int indexOf(int number) {
        for (int i = 0; i < array.length; i++) {
            if (array[i].number() == number) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first rule that takes the packet, -1 if none does. A scan, no allocation. */
    public int firstMatch(PacketKey p) {
        return scan.firstMatch(p, array);
    }

    /** {@link #firstMatch} the plain way, asking every rule in turn: what the scan must agree with (tests). */
    int firstMatchByAsking(PacketKey p) {
        for (int i = 0; i < array.length; i++) {
            if (array[i].matches(p)) {
                return i;
            }
        }
        return -1;
    }

    public NatRule at(int index) {
        return array[index];
    }

    /** The smallest number above every rule's, in steps of 10 as ipnatadm users number them. */
    public int nextNumber() {
        int max = 0;
        for (NatRule r : array) {
            max = Math.max(max, r.number());
        }
        return Math.min(NatRule.MAX_NUMBER, (max / 10 + 1) * 10);
    }

    /** Where an insert or move puts a rule. */
    public sealed interface Position permits End, At, Before {}

    /** After every rule. */
    public record End() implements Position {}

    /** At index {@code index} (0 = first); the rules from there on move down. */
    public record At(int index) implements Position {}

    /** Just before rule number {@code number}. */
    public record Before(int number) implements Position {}

    /** The outcome of an edit. */
    public sealed interface Edit permits Changed, Refused {}

    public record Changed(RuleList list) implements Edit {}

    public record Refused(RuleError error) implements Edit {}

    public Edit insert(NatRule rule, Position position, RuleContext context) {
        if (indexOf(rule.number()) >= 0) {
            return refused(RuleError.Kind.DUPLICATE_NUMBER, rule.number(), "rule " + rule.number() + " exists");
        }
        List<NatRule> out = new ArrayList<>(rules);
        int at = resolve(position, out.size());
        if (at < 0) {
            return refused(RuleError.Kind.BAD_POSITION, rule.number(), describe(position) + " is not in the list");
        }
        out.add(at, rule);
        return checked(out, context);
    }

    /** Replaces rule {@code number} in place; the replacement may carry another (unused) number. */
    public Edit replace(int number, NatRule replacement, RuleContext context) {
        int i = indexOf(number);
        if (i < 0) {
            return noSuchRule(number);
        }
        List<NatRule> out = new ArrayList<>(rules);
        out.set(i, replacement);
        return checked(out, context);
    }

    public Edit delete(int number, RuleContext context) {
        int i = indexOf(number);
        if (i < 0) {
            return noSuchRule(number);
        }
        List<NatRule> out = new ArrayList<>(rules);
        out.remove(i);
        return checked(out, context);
    }

    /** Moves rule {@code number} to {@code position} in the list as it is without the rule. */
    public Edit move(int number, Position position, RuleContext context) {
        int i = indexOf(number);
        if (i < 0) {
            return noSuchRule(number);
        }
        if (position instanceof Before b && b.number() == number) {
            return refused(RuleError.Kind.BAD_POSITION, number, "rule " + number + " cannot move before itself");
        }
        List<NatRule> out = new ArrayList<>(rules);
        NatRule rule = out.remove(i);
        int at = resolve(position, out.size(), out);
        if (at < 0) {
            return refused(RuleError.Kind.BAD_POSITION, number, describe(position) + " is not in the list");
        }
        out.add(at, rule);
        return checked(out, context);
    }

    private int resolve(Position position, int size) {
        return resolve(position, size, rules);
    }

    private static int resolve(Position position, int size, List<NatRule> in) {
        if (position instanceof At a) {
            return a.index() >= 0 && a.index() <= size ? a.index() : -1;
        }
        if (position instanceof Before b) {
            for (int i = 0; i < in.size(); i++) {
                if (in.get(i).number() == b.number()) {
                    return i;
                }
            }
            return -1;
        }
        return size;
    }

    private static String describe(Position position) {
        if (position instanceof At a) {
            return "position " + a.index();
        }
        if (position instanceof Before b) {
            return "rule " + b.number() + " (to insert before)";
        }
        return "the end";
    }

    private static Edit checked(List<NatRule> rules, RuleContext context) {
        RuleList list = new RuleList(rules);
        List<RuleError> errors = list.validate(context);
        return errors.isEmpty() ? new Changed(list) : new Refused(errors.get(0));
    }

    private static Edit noSuchRule(int number) {
        return refused(RuleError.Kind.NO_SUCH_RULE, number, "no rule " + number);
    }

    private static Edit refused(RuleError.Kind kind, int rule, String message) {
        return new Refused(new RuleError(kind, rule, message));
    }

    /** Every problem of the list against its router, in list order; empty if it is fit to use. */
    public List<RuleError> validate(RuleContext context) {
        List<RuleError> errors = new ArrayList<>();
        if (array.length > MAX_RULES) {
            errors.add(new RuleError(
                    RuleError.Kind.TOO_MANY_RULES, 0, "at most " + MAX_RULES + " rules, got " + array.length));
        }
        Set<Integer> numbers = new HashSet<>();
        Map<Integer, Integer> staticPublic = new HashMap<>();
        Map<Integer, Integer> staticPrivate = new HashMap<>();
        List<NatRule.DestinationNat> dnats = new ArrayList<>();
        List<NatRule.VirtualServer> vservers = new ArrayList<>();
        for (NatRule r : array) {
            int n = r.number();
            if (!numbers.add(n)) {
                errors.add(new RuleError(RuleError.Kind.DUPLICATE_NUMBER, n, "two rules have number " + n));
            }
            checkMatch(r, context, errors);
            if (r instanceof NatRule.StaticNat s) {
                checkStatic(s, context, staticPublic, staticPrivate, errors);
            } else if (r instanceof NatRule.DestinationNat d) {
                checkDestination(d, context, dnats, errors);
                dnats.add(d);
            } else if (r instanceof NatRule.VirtualServer v) {
                VirtualServerChecks.check(v, context, errors);
                vservers.add(v);
            } else if (r instanceof NatRule.Masquerade && r.match().direction() != Direction.OUTBOUND) {
                errors.add(new RuleError(
                        RuleError.Kind.WRONG_DIRECTION, n, "rule " + n + ": masquerade works outbound only"));
            }
        }
        for (NatRule.DestinationNat d : dnats) {
            Integer owner = staticPublic.get(d.publicAddress());
            if (owner != null) {
                errors.add(new RuleError(
                        RuleError.Kind.PUBLIC_ADDRESS_TAKEN,
                        d.number(),
                        "rule " + d.number() + ": public address " + Ipv4.format(d.publicAddress())
                                + " belongs to static NAT rule " + owner));
            }
        }
        VirtualServerChecks.checkEndpoints(vservers, dnats, staticPublic, errors);
        return errors;
    }

    private static void checkMatch(NatRule r, RuleContext c, List<RuleError> errors) {
        RuleMatch m = r.match();
        if (m.hasPorts() && !m.protocol().hasPorts()) {
            errors.add(new RuleError(
                    RuleError.Kind.PORTS_WITHOUT_PROTOCOL,
                    r.number(),
                    "rule " + r.number() + ": port ranges need protocol tcp or udp, not "
                            + m.protocol().name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (String port : new String[] {m.inPort(), m.outPort()}) {
            if (port != null && !c.portNames().contains(port)) {
                errors.add(new RuleError(
                        RuleError.Kind.UNKNOWN_PORT,
                        r.number(),
                        "rule " + r.number() + ": port " + port + " is not one of the router's ports "
                                + new java.util.TreeSet<>(c.portNames())));
            }
        }
    }

    private static void checkStatic(
            NatRule.StaticNat s,
            RuleContext c,
            Map<Integer, Integer> byPublic,
            Map<Integer, Integer> byPrivate,
            List<RuleError> errors) {
        int n = s.number();
        String pub = Ipv4.format(s.publicAddress());
        String priv = Ipv4.format(s.privateAddress());
        if (!isLanHost(c, s.privateAddress())) {
            errors.add(new RuleError(
                    RuleError.Kind.NOT_A_LAN_ADDRESS,
                    n,
                    "rule " + n + ": private address " + priv + " is not a host of a LAN prefix " + c.lanPrefixes()));
        }
        if (c.inAnyLan(s.publicAddress()) || s.publicAddress() == c.routerLanIp()) {
            errors.add(new RuleError(
                    RuleError.Kind.NOT_A_PUBLIC_ADDRESS,
                    n,
                    "rule " + n + ": public address " + pub + " is inside the LAN " + c.lan()));
        }
        if (c.inPool(s.publicAddress())) {
            errors.add(new RuleError(
                    RuleError.Kind.PUBLIC_ADDRESS_IN_POOL,
                    n,
                    "rule " + n + ": public address " + pub
                            + " is in the masquerade pool (publicAddresses), whose ports are in use"));
        }
        Integer other = byPublic.putIfAbsent(s.publicAddress(), n);
        if (other != null) {
            errors.add(new RuleError(
                    RuleError.Kind.PUBLIC_ADDRESS_TAKEN,
                    n,
                    "rule " + n + ": public address " + pub + " is already static NAT rule " + other + "'s"));
        }
        other = byPrivate.putIfAbsent(s.privateAddress(), n);
        if (other != null) {
            errors.add(new RuleError(
                    RuleError.Kind.PRIVATE_ADDRESS_TAKEN,
                    n,
                    "rule " + n + ": private address " + priv + " already has static NAT rule " + other));
        }
    }

    private static void checkDestination(
            NatRule.DestinationNat d, RuleContext c, List<NatRule.DestinationNat> earlier, List<RuleError> errors) {
        int n = d.number();
        if (d.match().direction() != Direction.INBOUND) {
            errors.add(new RuleError(
                    RuleError.Kind.WRONG_DIRECTION, n, "rule " + n + ": destination NAT works inbound only"));
        }
        if (!d.protocol().hasPorts()) {
            errors.add(new RuleError(
                    RuleError.Kind.PORTS_WITHOUT_PROTOCOL,
                    n,
                    "rule " + n + ": destination NAT forwards ports: protocol must be tcp or udp"));
        }
        if (!isLanHost(c, d.internalAddress())) {
            errors.add(new RuleError(
                    RuleError.Kind.NOT_A_LAN_ADDRESS,
                    n,
                    "rule " + n + ": internal address " + Ipv4.format(d.internalAddress())
                            + " is not a host of a LAN prefix " + c.lanPrefixes()));
        }
        if (c.inAnyLan(d.publicAddress())) {
            errors.add(new RuleError(
                    RuleError.Kind.NOT_A_PUBLIC_ADDRESS,
                    n,
                    "rule " + n + ": public address " + Ipv4.format(d.publicAddress()) + " is inside the LAN "
                            + c.lan()));
        }
        for (NatRule.DestinationNat e : earlier) {
            if (e.publicAddress() == d.publicAddress()
                    && (e.protocol() == d.protocol())
                    && e.publicPorts().low() <= d.publicPorts().high()
                    && d.publicPorts().low() <= e.publicPorts().high()) {
                errors.add(new RuleError(
                        RuleError.Kind.PUBLIC_PORT_TAKEN,
                        n,
                        "rule " + n + ": " + Ipv4.format(d.publicAddress()) + " port " + d.publicPorts()
                                + " overlaps destination NAT rule " + e.number()));
            }
        }
    }

    private static boolean isLanHost(RuleContext c, int ip) {
        return c.isLanHost(ip);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleList l && l.rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
