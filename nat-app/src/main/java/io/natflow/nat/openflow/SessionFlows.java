package io.natflow.nat.openflow;

import io.natflow.controller.codec.FinTimeoutAction;
import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * The two NAT-table flows of one session (a mapping and one remote endpoint): outbound rewrites
 * the source to the public endpoint, inbound rewrites the destination to the internal one. Both
 * decrement TTL first, so a packet that dies here reaches the controller untranslated. Their
 * idle timeouts and fin_timeout (see {@link FlowTimeouts}) let the switch end the session.
 */
final class SessionFlows {
    static final int PRIORITY = 200;

    private final FlowMods mods;
    private final OFFactory f;
    private final FlowTimeouts timeouts;

    SessionFlows(FlowMods mods, FlowTimeouts timeouts) {
        this.mods = mods;
        this.f = mods.factory();
        this.timeouts = timeouts;
    }

    FlowTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Both flows of a session opened (or reopened) by a packet in direction {@code outbound}.
     * An ADD replaces a flow with the same match, resetting its timeouts and counters, so
     * sending these again for a reused 4-tuple starts the session afresh.
     */
    List<OFMessage> install(Mapping m, Endpoint remote, boolean outboundOpened) {
        return install(m, remote, outboundOpened, true);
    }

    /**
     * Both flows of a TCP session reopened on a 4-tuple whose last connection just closed,
     * without fin_timeout for now. The switch applies a FIN or RST to the flow that a cached
     * datapath flow's counters name when the revalidator next reads them, which may be after
     * these flows replaced the old ones: with fin_timeout, the old connection's last segments
     * would cut the new connection's timeouts. {@link #watchCloses} adds it a moment later.
     */
    List<OFMessage> installReopened(Mapping m, Endpoint remote, boolean outboundOpened) {
        return install(m, remote, outboundOpened, false);
    }

    /** Adds fin_timeout to a reopened session's flows, keeping their timeouts and counters. */
    List<OFMessage> watchCloses(Mapping m, Endpoint remote) {
        return List.of(
                mods.modifySessionFlow(outboundMatch(m, remote), withCloseWatch(m.protocol(), actions(m, true))),
                mods.modifySessionFlow(inboundMatch(m, remote), withCloseWatch(m.protocol(), actions(m, false))));
    }

    private List<OFMessage> install(Mapping m, Endpoint remote, boolean outboundOpened, boolean watchCloses) {
        int opening = timeouts.initiating(m.protocol());
        int answer = timeouts.unconfirmedAnswer(m.protocol());
        List<OFMessage> out = new ArrayList<>(2);
        out.add(flow(m, remote, true, outboundOpened ? opening : answer, watchCloses));
        out.add(flow(m, remote, false, outboundOpened ? answer : opening, watchCloses));
        return out;
    }

    /** One direction's flow again, with {@code idleSeconds} (after an idle removal of it). */
    OFMessage reinstall(Mapping m, Endpoint remote, boolean outbound, int idleSeconds) {
        return flow(m, remote, outbound, idleSeconds, true);
    }

    private OFMessage flow(Mapping m, Endpoint remote, boolean outbound, int idleSeconds, boolean watchCloses) {
        List<OFAction> actions = actions(m, outbound);
        return mods.sessionFlow(
                U64.of(m.id()),
                outbound ? outboundMatch(m, remote) : inboundMatch(m, remote),
                watchCloses ? withCloseWatch(m.protocol(), actions) : actions,
                idleSeconds);
    }

    private List<OFAction> actions(Mapping m, boolean outbound) {
        return outbound
                ? rewrite(m.protocol(), true, m.publicIp(), m.publicPort())
                : rewrite(m.protocol(), false, m.internalIp(), m.internalPort());
    }

    /**
     * A hairpin flow (RFC 4787 REQ-9): from the sender's internal endpoint to the destination's
     * public endpoint becomes from the sender's public endpoint to the destination's internal one.
     */
    OFMessage hairpin(Mapping source, Mapping destination, Endpoint sender) {
        Match match = Matches.session(
                f, source.protocol(), sender.ip(), sender.port(), destination.publicIp(), destination.publicPort());
        List<OFAction> actions =
                new ArrayList<>(rewrite(source.protocol(), true, source.publicIp(), source.publicPort()));
        actions.addAll(rewrite(source.protocol(), false, destination.internalIp(), destination.internalPort())
                .subList(1, 3));
        return mods.sessionFlow(
                U64.of(source.id()),
                match,
                withCloseWatch(source.protocol(), actions),
                timeouts.initiating(source.protocol()));
    }

    /** TCP flows lower their own idle timeout when a FIN or RST passes (Open vSwitch fin_timeout). */
    private List<OFAction> withCloseWatch(Protocol protocol, List<OFAction> actions) {
        if (protocol != Protocol.TCP) {
            return actions;
        }
        List<OFAction> out = new ArrayList<>(actions.size() + 1);
        out.add(new FinTimeoutAction(timeouts.afterClose()));
        out.addAll(actions);
        return out;
    }

    /**
     * In NAT, below the session flows: a host's existing sessions keep working during a backoff.
     * In WATCH, above the SYN flow, which it overrides for one host.
     */
    static final int BACKOFF_PRIORITY = 110;

    /**
     * After the core refused a host's new connection (quota or ports exhausted), the switch drops
     * that host's further new connections of the protocol (for TCP: its SYNs) for a moment, so a host that keeps
     * trying (a scanner, a retry loop) does not turn every attempt into a packet-in.
     */
    OFMessage backoff(int hostIp, Protocol protocol, int seconds) {
        if (protocol == Protocol.TCP) { // TCP SYNs reach the controller from WATCH, before NAT
            return mods.temporary(
                    Tables.WATCH,
                    BACKOFF_PRIORITY,
                    Tables.BACKOFF_COOKIE,
                    Matches.tcpSynOnlyFrom(f, hostIp),
                    mods.drop(),
                    seconds);
        }
        Match match = f.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, Matches.ipProtocol(protocol))
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(hostIp))
                .build();
        return mods.temporary(Tables.NAT, BACKOFF_PRIORITY, Tables.BACKOFF_COOKIE, match, mods.drop(), seconds);
    }

    /** The same for one internal endpoint (a mapping at its session limit): the host's other mappings go on. */
    OFMessage backoff(int hostIp, int port, Protocol protocol, int seconds) {
        if (protocol == Protocol.TCP) {
            return mods.temporary(
                    Tables.WATCH,
                    BACKOFF_PRIORITY,
                    Tables.BACKOFF_COOKIE,
                    Matches.tcpSynOnlyFrom(f, hostIp, port),
                    mods.drop(),
                    seconds);
        }
        TransportPort tp = TransportPort.of(port);
        Match match = f.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, Matches.ipProtocol(protocol))
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(hostIp))
                .setExact(protocol == Protocol.TCP ? MatchField.TCP_SRC : MatchField.UDP_SRC, tp)
                .build();
        return mods.temporary(Tables.NAT, BACKOFF_PRIORITY, Tables.BACKOFF_COOKIE, match, mods.drop(), seconds);
    }

    /** Strict deletes of both flows of one session. */
    List<OFMessage> remove(Mapping m, Endpoint remote) {
        return List.of(
                mods.deleteStrict(Tables.NAT, PRIORITY, outboundMatch(m, remote)),
                mods.deleteStrict(Tables.NAT, PRIORITY, inboundMatch(m, remote)));
    }

    /**
     * The strict delete of a session's other flow, after the switch removed the one in direction
     * {@code removedOutbound}: every flow-mod, even one that matches nothing, makes the switch
     * revalidate its whole datapath cache, so the gone flow is not deleted again.
     */
    OFMessage removeOther(Mapping m, Endpoint remote, boolean removedOutbound) {
        return mods.deleteStrict(
                Tables.NAT, PRIORITY, removedOutbound ? inboundMatch(m, remote) : outboundMatch(m, remote));
    }

    private Match outboundMatch(Mapping m, Endpoint remote) {
        return Matches.session(f, m.protocol(), m.internalIp(), m.internalPort(), remote.ip(), remote.port());
    }

    private Match inboundMatch(Mapping m, Endpoint remote) {
        return Matches.session(f, m.protocol(), remote.ip(), remote.port(), m.publicIp(), m.publicPort());
    }

    /** [dec TTL, set address, set port] for the source (outbound) or destination (inbound). */
    private List<OFAction> rewrite(Protocol protocol, boolean source, int ip, int port) {
        IPv4Address address = IPv4Address.of(ip);
        TransportPort tp = TransportPort.of(port);
        OFOxm<?> addressField = source ? f.oxms().ipv4Src(address) : f.oxms().ipv4Dst(address);
        OFOxm<?> portField = protocol == Protocol.TCP
                ? (source ? f.oxms().tcpSrc(tp) : f.oxms().tcpDst(tp))
                : (source ? f.oxms().udpSrc(tp) : f.oxms().udpDst(tp));
        return List.of(mods.decrementTtl(), mods.setField(addressField), mods.setField(portField));
    }
}
