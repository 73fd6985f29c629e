package io.natflow.nat.rules;

import io.natflow.nat.core.Ipv4;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of the ordered list, a kind per record. Every rule has a number unique in its list
 * (1..{@link #MAX_NUMBER}), a match, flags and a description (at most {@link
 * #MAX_DESCRIPTION} characters).
 */
public sealed interface NatRule
        permits NatRule.Masquerade,
                NatRule.StaticNat,
                NatRule.DestinationNat,
                NatRule.VirtualServer,
                NatRule.Skip,
                NatRule.Drop {
    int MAX_NUMBER = 65535;
    int MAX_DESCRIPTION = 200;

    int number();

    RuleMatch match();

    Set<RuleFlag> flags();

    String description();

    /** The same rule under another number. */
    NatRule renumbered(int number);

    /** The kind's name as YAML, REST and the CLI spell it: masquerade, static, dnat, vserver, skip, drop. */
    String kind();

    default boolean enabled() {
        return !flags().contains(RuleFlag.DISABLED);
    }

    /** Whether this rule takes the packet (the rule list asks in order; first true wins). */
    default boolean matches(PacketKey p) {
        return enabled() && match().matches(p);
    }

    /**
     * Dynamic source NAT (today's behaviour): a new outbound session gets a mapping on one of the
     * router's public addresses, a port from its pool; replies come back through it.
     */
    record Masquerade(int number, RuleMatch match, Set<RuleFlag> flags, String description) implements NatRule {
        public Masquerade {
            flags = checked(number, match, flags, description);
        }

        @Override
        public String kind() {
            return "masquerade";
        }

        @Override
        public NatRule renumbered(int n) {
            return new Masquerade(n, match, flags, description);
        }
    }

    /**
     * Static 1:1 NAT, both ways: outbound packets from {@code privateAddress} leave from {@code
     * publicAddress}, ports kept; inbound packets to {@code publicAddress} go to {@code
     * privateAddress}. The match narrows the outbound side further (destination, protocol,
     * ports); the inbound side matches its reverse. The router answers ARP for the public address.
     */
    record StaticNat(
            int number, RuleMatch match, Set<RuleFlag> flags, String description, int privateAddress, int publicAddress)
            implements NatRule {
        public StaticNat {
            flags = checked(number, match, flags, description);
        }

        @Override
        public String kind() {
            return "static";
        }

        @Override
        public NatRule renumbered(int n) {
            return new StaticNat(n, match, flags, description, privateAddress, publicAddress);
        }

        /** Outbound: from the private address, then the match; inbound: to the public address, the match reversed. */
        @Override
        public boolean matches(PacketKey p) {
            if (!enabled()) {
                return false;
            }
            RuleMatch m = match.withReverse(false);
            if (p.direction() == Direction.OUTBOUND) {
                return p.source() == privateAddress && m.matches(p);
            }
            return p.destination() == publicAddress
                    && m.matches(new PacketKey(
                            Direction.OUTBOUND,
                            p.protocol(),
                            privateAddress,
                            p.destinationPort(),
                            p.source(),
                            p.sourcePort(),
                            p.outPort(),
                            p.inPort()));
        }

        @Override
        public String toString() {
            return "static " + Ipv4.format(privateAddress) + " <-> " + Ipv4.format(publicAddress);
        }
    }

    /**
     * Destination NAT (a port forward): inbound {@code protocol} packets to {@code
     * publicAddress:publicPorts} go to {@code internalAddress}, the first public port to {@code
     * internalPort} and on one to one. The match narrows which remotes may use it.
     */
    record DestinationNat(
            int number,
            RuleMatch match,
            Set<RuleFlag> flags,
            String description,
            RuleProtocol protocol,
            int publicAddress,
            PortRange publicPorts,
            int internalAddress,
            int internalPort)
            implements NatRule {
        public DestinationNat {
            flags = checked(number, match, flags, description);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(publicPorts, "publicPorts");
            if (internalPort < 1 || internalPort + publicPorts.high() - publicPorts.low() > 65535) {
                throw new IllegalArgumentException("internal ports " + internalPort + ".."
                        + (internalPort + publicPorts.high() - publicPorts.low()) + " are not within 1-65535");
            }
        }

        @Override
        public String kind() {
            return "dnat";
        }

        @Override
        public NatRule renumbered(int n) {
            return new DestinationNat(
                    n, match, flags, description, protocol, publicAddress, publicPorts, internalAddress, internalPort);
        }

        @Override
        public boolean matches(PacketKey p) {
            return enabled()
                    && p.direction() == Direction.INBOUND
                    && p.destination() == publicAddress
                    && protocol.matches(p.protocol())
                    && publicPorts.contains(p.destinationPort())
                    && match.matches(p);
        }
    }

    /**
     * A virtual server: inbound {@code protocol} connections to {@code publicAddress:publicPort}
     * are spread over {@code servers} (LAN endpoints), one server chosen per new connection by
     * {@code scheduler}; a connection stays on its server while its session lives. The public
     * address is the rule's own (outside the masquerade pool; the router answers ARP for it, as
     * for a static NAT's). The match narrows which remotes may connect.
     */
    record VirtualServer(
            int number,
            RuleMatch match,
            Set<RuleFlag> flags,
            String description,
            RuleProtocol protocol,
            int publicAddress,
            int publicPort,
            java.util.List<Server> servers,
            Scheduler scheduler)
            implements NatRule {
        /** Most real servers one virtual server spreads over. */
        public static final int MAX_SERVERS = 64;

        public VirtualServer {
            flags = checked(number, match, flags, description);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(scheduler, "scheduler");
            servers = java.util.List.copyOf(Objects.requireNonNull(servers, "servers"));
            if (publicPort < 1 || publicPort > 65535) {
                throw new IllegalArgumentException("public port must be 1-65535, got " + publicPort);
            }
        }

        @Override
        public String kind() {
            return "vserver";
        }

        @Override
        public NatRule renumbered(int n) {
            return new VirtualServer(
                    n, match, flags, description, protocol, publicAddress, publicPort, servers, scheduler);
        }

        /** Inbound packets to the public endpoint, then the match. */
        @Override
        public boolean matches(PacketKey p) {
            return enabled()
                    && p.direction() == Direction.INBOUND
                    && p.destination() == publicAddress
                    && p.destinationPort() == publicPort
                    && protocol.matches(p.protocol())
                    && match.matches(p);
        }

        /** The same virtual server with another server list (servers added or removed live). */
        public VirtualServer withServers(java.util.List<Server> next) {
            return new VirtualServer(
                    number, match, flags, description, protocol, publicAddress, publicPort, next, scheduler);
        }

        @Override
        public String toString() {
            return "vserver " + protocol.name().toLowerCase(java.util.Locale.ROOT) + " " + Ipv4.format(publicAddress)
                    + ":" + publicPort + " -> " + servers + " by " + scheduler.label();
        }

        /** One real server: a LAN host and port. */
        public record Server(int address, int port) {
            public Server {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("server port must be 1-65535, got " + port);
                }
            }

            /** "10.0.0.11:8080". */
            public static Server parse(String text) {
                int colon = text == null ? -1 : text.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("a server is ip:port, got '" + text + "'");
                }
                String port = text.substring(colon + 1);
                if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("a server's port must be 1-65535, got '" + port + "'");
                }
                return new Server(Ipv4.parse(text.substring(0, colon)), Integer.parseInt(port));
            }

            @Override
            public String toString() {
                return Ipv4.format(address) + ":" + port;
            }
        }

        /** How a new connection's server is chosen. */
        public enum Scheduler {
            /** Each new connection goes to the next server in the list. */
            ROUND_ROBIN("round-robin"),
            /** A hash of the client's address picks the server, so a client always lands on the same one. */
            SOURCE_HASH("source-hash");

            private final String label;

            Scheduler(String label) {
                this.label = label;
            }

            /** As YAML, REST and the CLI spell it. */
            public String label() {
                return label;
            }

            public static Scheduler parse(String text) {
                for (Scheduler s : values()) {
                    if (s.label.equalsIgnoreCase(text)) {
                        return s;
                    }
                }
                throw new IllegalArgumentException("scheduler must be round-robin or source-hash, got '" + text + "'");
            }
        }
    }

    /** No translation: matching packets are routed as they are. */
    record Skip(int number, RuleMatch match, Set<RuleFlag> flags, String description) implements NatRule {
        public Skip {
            flags = checked(number, match, flags, description);
        }

        @Override
        public String kind() {
            return "skip";
        }

        @Override
        public NatRule renumbered(int n) {
            return new Skip(n, match, flags, description);
        }
    }

    /** Matching packets are dropped (and counted). */
    record Drop(int number, RuleMatch match, Set<RuleFlag> flags, String description) implements NatRule {
        public Drop {
            flags = checked(number, match, flags, description);
        }

        @Override
        public String kind() {
            return "drop";
        }

        @Override
        public NatRule renumbered(int n) {
            return new Drop(n, match, flags, description);
        }
    }

    private static Set<RuleFlag> checked(int number, RuleMatch match, Set<RuleFlag> flags, String description) {
        if (number < 1 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("rule number must be 1.." + MAX_NUMBER + ", got " + number);
        }
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(description, "description");
        if (description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is longer than " + MAX_DESCRIPTION + " characters");
        }
        return flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(flags);
    }
}
