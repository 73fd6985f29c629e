package io.natflow.rest.rules;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.rules.Direction;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.PortRange;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleFlag;
import io.natflow.nat.rules.RuleMatch;
import io.natflow.nat.rules.RuleProtocol;
import io.natflow.rest.api.SafeText;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@link RuleBody} ↔ {@link NatRule}. A body that does not make a rule fails with an {@link
 * IllegalArgumentException} whose message names the field and what is wrong with it.
 */
public final class RuleCodec {
    private RuleCodec() {}

    /** @param number the number to use when the body has none */
    public static NatRule rule(RuleBody b, int number) {
        if (b == null) {
            throw new IllegalArgumentException("a rule is required");
        }
        int n = b.number() != null ? b.number() : number;
        if (n < 1 || n > NatRule.MAX_NUMBER) {
            throw new IllegalArgumentException("number must be 1-" + NatRule.MAX_NUMBER + ", got " + n);
        }
        String description = b.description() == null ? "" : b.description();
        if (description.length() > NatRule.MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is longer than " + NatRule.MAX_DESCRIPTION + " characters");
        }
        SafeText.firstUnsafe(description).ifPresent(c -> {
            throw new IllegalArgumentException("description holds the control or format character " + c);
        });
        String kind = b.kind() == null ? "" : b.kind().toLowerCase(Locale.ROOT);
        boolean vserver = kind.equals("vserver");
        if (!vserver && (b.publicPort() != null || b.servers() != null || b.scheduler() != null)) {
            throw new IllegalArgumentException("publicPort, servers and scheduler belong to vserver rules, not to "
                    + (kind.isEmpty() ? "this kind" : kind));
        }
        RuleMatch match = new RuleMatch(
                vserver && b.direction() == null ? Direction.INBOUND : direction(b.direction()),
                field("source", b.source(), Prefix::parse),
                field("destination", b.destination(), Prefix::parse),
                field("sourcePorts", b.sourcePorts(), PortRange::parse),
                field("destinationPorts", b.destinationPorts(), PortRange::parse),
                protocol(b.protocol()),
                b.inPort(),
                b.outPort(),
                Boolean.TRUE.equals(b.reverse()));
        Set<RuleFlag> flags = flags(b.flags());
        if (!kind.equals("dnat")
                && (b.publicPorts() != null || b.internalAddress() != null || b.internalPort() != null)) {
            throw new IllegalArgumentException(
                    "publicPorts, internalAddress and internalPort belong to dnat rules, not to "
                            + (kind.isEmpty() ? "a rule without a kind" : kind));
        }
        switch (kind) {
            case "masquerade":
                none(kind, b.privateAddress(), b.publicAddress());
                return new NatRule.Masquerade(n, match, flags, description);
            case "skip":
                none(kind, b.privateAddress(), b.publicAddress());
                return new NatRule.Skip(n, match, flags, description);
            case "drop":
                none(kind, b.privateAddress(), b.publicAddress());
                return new NatRule.Drop(n, match, flags, description);
            case "static":
                if (b.privateAddress() == null || b.publicAddress() == null) {
                    throw new IllegalArgumentException("a static rule needs privateAddress and publicAddress");
                }
                if (!match.source().isAny()) {
                    throw new IllegalArgumentException(
                            "a static rule's source is its privateAddress; leave source out");
                }
                return new NatRule.StaticNat(
                        n,
                        match,
                        flags,
                        description,
                        field("privateAddress", b.privateAddress(), Ipv4::parse),
                        field("publicAddress", b.publicAddress(), Ipv4::parse));
            case "dnat":
                throw new IllegalArgumentException(
                        "a dnat rule is a port forward, kept with the forwards (the forward store), not in this list");
            case "vserver":
                return VirtualServerCodec.rule(b, n, match, flags, description);
            default:
                throw new IllegalArgumentException(
                        "kind must be masquerade, static, vserver, dnat, skip or drop, got '" + b.kind() + "'");
        }
    }

    public static RuleBody body(NatRule r) {
        RuleMatch m = r.match();
        List<String> flags = new ArrayList<>();
        r.flags().forEach(f -> flags.add(f.name().toLowerCase(Locale.ROOT)));
        String priv = null, pub = null, scheduler = null;
        Integer publicPort = null;
        List<String> servers = null;
        if (r instanceof NatRule.StaticNat s) {
            priv = Ipv4.format(s.privateAddress());
            pub = Ipv4.format(s.publicAddress());
        } else if (r instanceof NatRule.VirtualServer v) {
            pub = Ipv4.format(v.publicAddress());
            publicPort = v.publicPort();
            servers = v.servers().stream()
                    .map(NatRule.VirtualServer.Server::toString)
                    .toList();
            scheduler = v.scheduler().label();
        }
        return new RuleBody(
                r.number(),
                r.kind(),
                r.description(),
                flags.isEmpty() ? null : flags,
                m.direction().name().toLowerCase(Locale.ROOT),
                m.source().toString(),
                m.destination().toString(),
                m.sourcePorts().toString(),
                m.destinationPorts().toString(),
                m.protocol().name().toLowerCase(Locale.ROOT),
                m.inPort(),
                m.outPort(),
                m.reverse() ? Boolean.TRUE : null,
                priv,
                pub,
                publicPort,
                servers,
                scheduler,
                null,
                null,
                null);
    }

    static void none(String kind, String privateAddress, String publicAddress) {
        if (privateAddress != null || publicAddress != null) {
            throw new IllegalArgumentException(
                    "privateAddress and publicAddress belong to static rules, not to " + kind);
        }
    }

    private static Direction direction(String text) {
        if (text == null || text.equalsIgnoreCase("outbound")) {
            return Direction.OUTBOUND;
        }
        if (text.equalsIgnoreCase("inbound")) {
            return Direction.INBOUND;
        }
        throw new IllegalArgumentException("direction must be outbound or inbound, got '" + text + "'");
    }

    static RuleProtocol protocol(String text) {
        if (text == null) {
            return RuleProtocol.ANY;
        }
        for (RuleProtocol p : RuleProtocol.values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("protocol must be tcp, udp, icmp or any, got '" + text + "'");
    }

    private static Set<RuleFlag> flags(List<String> names) {
        Set<RuleFlag> out = EnumSet.noneOf(RuleFlag.class);
        if (names != null) {
            for (String name : names) {
                if (name == null || !name.equalsIgnoreCase("disabled")) {
                    throw new IllegalArgumentException("flags may hold only 'disabled', got '" + name + "'");
                }
                out.add(RuleFlag.DISABLED);
            }
        }
        return out;
    }

    static <T> T field(String name, String text, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
