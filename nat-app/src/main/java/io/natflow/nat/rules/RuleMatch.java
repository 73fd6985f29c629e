package io.natflow.nat.rules;

import java.util.Objects;

/**
 * What a rule matches; an empty criterion (any prefix, any ports, protocol any, no port name)
 * matches everything. A packet matches if it goes in {@code direction} and passes every
 * criterion; with {@code reverse}, a packet the other way also matches if its reverse would
 * (sources and destinations swapped, in and out ports swapped), so one rule covers both
 * directions of a conversation.
 *
 * @param inPort  the switch port the packet arrives on, by name; null for any
 * @param outPort the switch port the packet leaves through, by name; null for any
 */
public record RuleMatch(
        Direction direction,
        Prefix source,
        Prefix destination,
        PortRange sourcePorts,
        PortRange destinationPorts,
        RuleProtocol protocol,
        String inPort,
        String outPort,
        boolean reverse) {

    /** Every outbound packet. */
    public static final RuleMatch OUTBOUND_ANY = new RuleMatch(
            Direction.OUTBOUND,
            Prefix.ANY,
            Prefix.ANY,
            PortRange.ANY,
            PortRange.ANY,
            RuleProtocol.ANY,
            null,
            null,
            false);

    public RuleMatch {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(sourcePorts, "sourcePorts");
        Objects.requireNonNull(destinationPorts, "destinationPorts");
        Objects.requireNonNull(protocol, "protocol");
        inPort = inPort == null || inPort.isBlank() ? null : inPort;
        outPort = outPort == null || outPort.isBlank() ? null : outPort;
    }

    /** Outbound packets from {@code source} to anywhere. */
    public static RuleMatch outboundFrom(Prefix source) {
        return OUTBOUND_ANY.withSource(source);
    }

    public RuleMatch withSource(Prefix p) {
        return new RuleMatch(
                direction, p, destination, sourcePorts, destinationPorts, protocol, inPort, outPort, reverse);
    }

    public RuleMatch withDestination(Prefix p) {
        return new RuleMatch(direction, source, p, sourcePorts, destinationPorts, protocol, inPort, outPort, reverse);
    }

    public RuleMatch withProtocol(RuleProtocol p) {
        return new RuleMatch(
                direction, source, destination, sourcePorts, destinationPorts, p, inPort, outPort, reverse);
    }

    public RuleMatch withDestinationPorts(PortRange r) {
        return new RuleMatch(direction, source, destination, sourcePorts, r, protocol, inPort, outPort, reverse);
    }

    public RuleMatch withReverse(boolean r) {
        return new RuleMatch(
                direction, source, destination, sourcePorts, destinationPorts, protocol, inPort, outPort, r);
    }

    /** The same criteria seen from the other end: direction, addresses, ports and port names swapped. */
    public RuleMatch reversed() {
        return new RuleMatch(
                direction.reverse(),
                destination,
                source,
                destinationPorts,
                sourcePorts,
                protocol,
                outPort,
                inPort,
                reverse);
    }

    /** Whether TCP/UDP ports are part of the match (then the protocol must be TCP or UDP). */
    public boolean hasPorts() {
        return !sourcePorts.isAny() || !destinationPorts.isAny();
    }

    /**
     * Whether a packet matches, in this direction or (with {@code reverse}) the other. Ports are
     * compared only for TCP and UDP; a port range on any other protocol does not match.
     *
     * @param inPort  the arrival port's name; outPort the leaving port's name, null if not known
     */
    public boolean matches(PacketKey p) {
        return matchesOneWay(
                        p.direction(),
                        p.protocol(),
                        p.source(),
                        p.sourcePort(),
                        p.destination(),
                        p.destinationPort(),
                        p.inPort(),
                        p.outPort())
                || (reverse
                        && matchesOneWay(
                                p.direction().reverse(),
                                p.protocol(),
                                p.destination(),
                                p.destinationPort(),
                                p.source(),
                                p.sourcePort(),
                                p.outPort(),
                                p.inPort()));
    }

    private boolean matchesOneWay(
            Direction d, int proto, int src, int sport, int dst, int dport, String in, String out) {
        if (d != direction || !protocol.matches(proto) || !source.contains(src) || !destination.contains(dst)) {
            return false;
        }
        if (hasPorts()) {
            boolean ports = proto == RuleProtocol.TCP.number() || proto == RuleProtocol.UDP.number();
            if (!ports || !sourcePorts.contains(sport) || !destinationPorts.contains(dport)) {
                return false;
            }
        }
        return (inPort == null || inPort.equals(in)) && (outPort == null || outPort.equals(out));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(direction.name().toLowerCase(java.util.Locale.ROOT));
        b.append(' ').append(protocol.name().toLowerCase(java.util.Locale.ROOT));
        b.append(" from ").append(source);
        if (!sourcePorts.isAny()) {
            b.append(" port ").append(sourcePorts);
        }
        b.append(" to ").append(destination);
        if (!destinationPorts.isAny()) {
            b.append(" port ").append(destinationPorts);
        }
        if (inPort != null) {
            b.append(" in ").append(inPort);
        }
        if (outPort != null) {
            b.append(" out ").append(outPort);
        }
        if (reverse) {
            b.append(" (and reverse)");
        }
        return b.toString();
    }
}
