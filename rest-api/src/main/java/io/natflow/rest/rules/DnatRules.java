package io.natflow.rest.rules;

import io.natflow.rest.api.ApiException;
import io.natflow.rest.forwards.ForwardRequest;
import io.natflow.rest.forwards.ForwardView;
import java.util.Locale;

/**
 * A {@code dnat} rule is a port forward: the forward store holds it (one storage, shared by HA
 * instances), {@code /api/forwards} shows it as a forward and {@code /api/rules} as a rule. This
 * class turns one into the other: a rule body into the forward request the forward service
 * checks, and a forward into the rule body the rules API shows.
 */
public final class DnatRules {
    static final String KIND = "dnat";

    private DnatRules() {}

    public static boolean isDnat(RuleBody b) {
        return b != null && b.kind() != null && b.kind().equalsIgnoreCase(KIND);
    }

    /**
     * The forward a dnat rule body asks for, on router {@code switchId}; a 422 naming the field if
     * the body holds what a forward cannot (a forward takes every remote, inbound, always on).
     */
    public static ForwardRequest request(RuleBody b, String switchId) {
        if (b.direction() != null && !b.direction().equalsIgnoreCase("inbound")) {
            throw invalid("direction: a dnat rule works inbound; leave direction out or say inbound");
        }
        any("source", b.source());
        any("destination", b.destination());
        any("sourcePorts", b.sourcePorts());
        any("destinationPorts", b.destinationPorts());
        absent("inPort", b.inPort());
        absent("outPort", b.outPort());
        absent("privateAddress", b.privateAddress());
        if (Boolean.TRUE.equals(b.reverse())) {
            throw invalid("reverse: a dnat rule's replies follow its sessions already; leave reverse out");
        }
        if (b.flags() != null && !b.flags().isEmpty()) {
            throw invalid("flags: a dnat rule (port forward) cannot be disabled; delete it instead");
        }
        if (b.protocol() == null || !b.protocol().matches("(?i)tcp|udp")) {
            throw invalid("protocol: a dnat rule forwards tcp or udp ports, got "
                    + (b.protocol() == null ? "none" : "'" + b.protocol() + "'"));
        }
        if (b.publicPorts() == null || b.publicPorts().isBlank()) {
            throw invalid("publicPorts: a dnat rule needs the public port or range it forwards");
        }
        if (b.internalAddress() == null || b.internalAddress().isBlank()) {
            throw invalid("internalAddress: a dnat rule needs the LAN host it forwards to");
        }
        String internalPort = b.internalPort() == null ? b.publicPorts() : b.internalPort();
        return new ForwardRequest(
                switchId,
                b.protocol().toLowerCase(Locale.ROOT),
                b.publicAddress(),
                b.publicPorts(),
                b.internalAddress(),
                internalPort,
                b.description());
    }

    /** A forward as a dnat rule (leased forwards have no number). */
    static RuleBody body(ForwardView f) {
        return new RuleBody(
                f.rule(),
                KIND,
                f.description(),
                null,
                "inbound",
                "any",
                null,
                "any",
                null,
                f.protocol(),
                null,
                null,
                null,
                null,
                f.publicAddress(),
                null,
                null,
                null,
                ports(f.publicPort(), f.publicPortEnd()),
                f.internalAddress(),
                ports(f.internalPort(), f.internalPortEnd()));
    }

    static RuleView view(int position, ForwardView f) {
        return new RuleView(position, body(f), 0, 0, 0, f.id(), f.source(), f.activeSessions());
    }

    private static String ports(int first, int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }

    private static void any(String field, String value) {
        if (value != null && !value.isBlank() && !value.trim().equalsIgnoreCase("any")) {
            throw invalid(field + ": a dnat rule (port forward) takes every remote; " + field
                    + " must be left out (publicAddress and publicPorts say what it forwards)");
        }
    }

    private static void absent(String field, String value) {
        if (value != null) {
            throw invalid(field + " does not belong to a dnat rule");
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.invalid(message);
    }
}
