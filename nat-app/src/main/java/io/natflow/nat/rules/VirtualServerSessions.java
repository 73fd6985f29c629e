package io.natflow.nat.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A router's virtual-server table: which client went to which server, per rule, while the
 * session lives; each rule's round-robin turn; per server the connections chosen, the sessions
 * live, and packets and bytes of its ended sessions' flows. Bounded ({@link #capacity}): a
 * connection over the bound is refused and counted. Pure: time comes in as an argument.
 */
public final class VirtualServerSessions {
    /** Sessions one router holds unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 65_536;

    /** One client connection on its server; {@code id} names its flows in the switch. */
    public record Session(
            long id,
            int rule,
            int protocol,
            int clientAddress,
            int clientPort,
            NatRule.VirtualServer.Server server,
            int publicAddress,
            int publicPort,
            long openedAt) {}

    /** One server's counters; {@code listed} is false for a removed server whose sessions still live. */
    public record ServerStats(
            NatRule.VirtualServer.Server server, boolean listed, long chosen, int live, long packets, long bytes) {}

    /** The outcome of a new connection. */
    public sealed interface Opening permits Opened, Full, NoSuchRule {}

    public record Opened(Session session) implements Opening {}

    /** The table holds {@link #capacity} sessions already. */
    public record Full() implements Opening {}

    /** The rule is not (or no longer) an enabled virtual server of the list in use. */
    public record NoSuchRule() implements Opening {}

    private record ClientKey(int rule, int protocol, int address, int port) {}

    private record ServerKey(int protocol, int serverAddress, int serverPort, int clientAddress, int clientPort) {}

    private static final class Counts {
        boolean listed = true;
        long chosen;
        int live;
        long packets;
        long bytes;
    }

    private static final class RuleState {
        NatRule.VirtualServer rule;
        long turn;
        final Map<NatRule.VirtualServer.Server, Counts> servers = new LinkedHashMap<>();

        RuleState(NatRule.VirtualServer rule) {
            this.rule = rule;
        }
    }

    private final int capacity;
    private final Map<ClientKey, Session> byClient = new HashMap<>();
    private final Map<ServerKey, Session> byServer = new HashMap<>();
    private final Map<Long, Session> byId = new HashMap<>();
    private final Map<Integer, RuleState> rules = new HashMap<>();
    private long nextId = 1;
    private long refused;

    public VirtualServerSessions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return byId.size();
    }

    /** Connections refused because the table was full. */
    public long refused() {
        return refused;
    }

    /**
     * Takes the virtual servers of a new list. A rule that is still there with the same public
     * endpoint keeps its sessions, turn and counters, also those of removed servers while their
     * sessions live (new connections go to the listed ones only). The sessions of a rule that
     * went, was disabled or changed its endpoint end: they are returned, for their flows to go.
     */
    public List<Session> use(RuleList list) {
        Map<Integer, NatRule.VirtualServer> next = new HashMap<>();
        for (NatRule r : list.rules()) {
            if (r instanceof NatRule.VirtualServer v && v.enabled()) {
                next.put(v.number(), v);
            }
        }
        List<Integer> gone = new ArrayList<>();
        for (Map.Entry<Integer, RuleState> e : rules.entrySet()) {
            NatRule.VirtualServer v = next.get(e.getKey());
            if (v == null || !sameEndpoint(v, e.getValue().rule)) {
                gone.add(e.getKey());
            }
        }
        List<Session> ended = new ArrayList<>();
        for (int number : gone) {
            for (Session s : List.copyOf(byId.values())) {
                if (s.rule() == number) {
                    ended.add(s);
                    forget(s);
                }
            }
            rules.remove(number);
        }
        for (NatRule.VirtualServer v : next.values()) {
            RuleState state = rules.computeIfAbsent(v.number(), n -> new RuleState(v));
            state.rule = v;
            state.servers.values().forEach(c -> c.listed = false);
            for (NatRule.VirtualServer.Server s : v.servers()) {
                state.servers.computeIfAbsent(s, k -> new Counts()).listed = true;
            }
            state.servers.values().removeIf(c -> !c.listed && c.live == 0);
        }
        return ended;
    }

    private static boolean sameEndpoint(NatRule.VirtualServer a, NatRule.VirtualServer b) {
        return a.publicAddress() == b.publicAddress()
                && a.publicPort() == b.publicPort()
                && a.protocol() == b.protocol();
    }

    /** The live session of a client of rule {@code rule}, if any. */
    public Optional<Session> find(int rule, int protocol, int clientAddress, int clientPort) {
        return Optional.ofNullable(byClient.get(new ClientKey(rule, protocol, clientAddress, clientPort)));
    }

    /** The session a packet from a server to a client belongs to, if any. */
    public Optional<Session> fromServer(
            int protocol, int serverAddress, int serverPort, int clientAddress, int clientPort) {
        return Optional.ofNullable(
                byServer.get(new ServerKey(protocol, serverAddress, serverPort, clientAddress, clientPort)));
    }

    public Optional<Session> get(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * A new connection from a client of rule {@code rule}: a server chosen by the rule's
     * scheduler among the listed ones, and the session. A client that has a live session keeps
     * it (the same session comes back).
     */
    public Opening open(int rule, int protocol, int clientAddress, int clientPort, long now) {
        RuleState state = rules.get(rule);
        if (state == null) {
            return new NoSuchRule();
        }
        ClientKey key = new ClientKey(rule, protocol, clientAddress, clientPort);
        Session existing = byClient.get(key);
        if (existing != null) {
            return new Opened(existing);
        }
        if (byId.size() >= capacity) {
            refused++;
            return new Full();
        }
        NatRule.VirtualServer v = state.rule;
        int i = ServerChooser.choose(v.scheduler(), v.servers(), clientAddress, state.turn++);
        NatRule.VirtualServer.Server server = v.servers().get(i);
        Session s = new Session(
                nextId++, rule, protocol, clientAddress, clientPort, server, v.publicAddress(), v.publicPort(), now);
        byClient.put(key, s);
        byServer.put(serverKey(s), s);
        byId.put(s.id(), s);
        Counts c = state.servers.get(server);
        c.chosen++;
        c.live++;
        return new Opened(s);
    }

    /** Ends a session; its flows' last packet and byte counts go to its server. Empty if unknown. */
    public Optional<Session> close(long id, long packets, long bytes) {
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        forget(s);
        RuleState state = rules.get(s.rule());
        if (state != null) {
            Counts c = state.servers.get(s.server());
            if (c != null) {
                c.packets += packets;
                c.bytes += bytes;
                if (!c.listed && c.live == 0) {
                    state.servers.remove(s.server());
                }
            }
        }
        return Optional.of(s);
    }

    /**
     * Adds packets and bytes to a server's counters: a flow of a live session that the switch
     * replaced, or the other flow of an ended session. Nothing if the server is not counted any more.
     */
    public void count(int rule, NatRule.VirtualServer.Server server, long packets, long bytes) {
        RuleState state = rules.get(rule);
        Counts c = state == null ? null : state.servers.get(server);
        if (c != null) {
            c.packets += packets;
            c.bytes += bytes;
        }
    }

    /** Ends every session (the switch's flows are gone); rules, turns and counters stay. */
    public List<Session> endAll() {
        List<Session> ended = List.copyOf(byId.values());
        ended.forEach(this::forget);
        for (RuleState state : rules.values()) {
            state.servers.values().removeIf(c -> !c.listed && c.live == 0);
        }
        return ended;
    }

    private void forget(Session s) {
        byId.remove(s.id());
        byClient.remove(new ClientKey(s.rule(), s.protocol(), s.clientAddress(), s.clientPort()));
        byServer.remove(serverKey(s));
        RuleState state = rules.get(s.rule());
        Counts c = state == null ? null : state.servers.get(s.server());
        if (c != null) {
            c.live--;
        }
    }

    private static ServerKey serverKey(Session s) {
        return new ServerKey(s.protocol(), s.server().address(), s.server().port(), s.clientAddress(), s.clientPort());
    }

    /** The live sessions of rule {@code rule}, oldest first, at most {@code limit}. */
    public List<Session> sessions(int rule, int limit) {
        List<Session> out = new ArrayList<>();
        for (Session s : byId.values()) {
            if (s.rule() == rule) {
                out.add(s);
            }
        }
        out.sort(java.util.Comparator.comparingLong(Session::id));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** Every live session, for flow-stats sums by server. */
    public List<Session> all() {
        return List.copyOf(byId.values());
    }

    /** Rule {@code rule}'s servers (listed first, in list order, then removed ones still live). */
    public List<ServerStats> servers(int rule) {
        RuleState state = rules.get(rule);
        if (state == null) {
            return List.of();
        }
        List<ServerStats> out = new ArrayList<>();
        for (NatRule.VirtualServer.Server s : state.rule.servers()) {
            out.add(stats(s, state.servers.get(s)));
        }
        state.servers.forEach((s, c) -> {
            if (!c.listed) {
                out.add(stats(s, c));
            }
        });
        return out;
    }

    private static ServerStats stats(NatRule.VirtualServer.Server s, Counts c) {
        return new ServerStats(s, c.listed, c.chosen, c.live, c.packets, c.bytes);
    }
}
