package io.natflow.nat.openflow;

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
 * decrement TTL first, so a packet that dies here reaches the controller untranslated.
 */
final class SessionFlows {
    static final int PRIORITY = 200;

    private final FlowMods mods;
    private final OFFactory f;

    SessionFlows(FlowMods mods) {
        this.mods = mods;
        this.f = mods.factory();
    }

    List<OFMessage> install(Mapping m, Endpoint remote, int idleSeconds) {
        List<OFMessage> out = new ArrayList<>(2);
        out.add(mods.add(Tables.NAT, PRIORITY, U64.of(m.id()), outboundMatch(m, remote),
                mods.applyThenGoto(rewrite(m.protocol(), true, m.publicIp(), m.publicPort()), Tables.ROUTE),
                idleSeconds, true));
        out.add(mods.add(Tables.NAT, PRIORITY, U64.of(m.id()), inboundMatch(m, remote),
                mods.applyThenGoto(rewrite(m.protocol(), false, m.internalIp(), m.internalPort()), Tables.ROUTE),
                idleSeconds, true));
        return out;
    }

    /**
     * A hairpin flow (RFC 4787 REQ-9): from the sender's internal endpoint to the destination's
     * public endpoint becomes from the sender's public endpoint to the destination's internal one.
     */
    OFMessage hairpin(Mapping source, Mapping destination, Endpoint sender, int idleSeconds) {
        Match match = Matches.session(f, source.protocol(), sender.ip(), sender.port(),
                destination.publicIp(), destination.publicPort());
        List<OFAction> actions = new ArrayList<>(rewrite(source.protocol(), true, source.publicIp(), source.publicPort()));
        actions.addAll(rewrite(source.protocol(), false, destination.internalIp(), destination.internalPort()).subList(1, 3));
        return mods.add(Tables.NAT, PRIORITY, U64.of(source.id()), match, mods.applyThenGoto(actions, Tables.ROUTE),
                idleSeconds, true);
    }

    /**
     * Flow idle timeout: the core's longest timer for the protocol plus slack for the counter
     * polling; a safety net, since the core's timers (kept in step by polling) expire mappings.
     */
    static int idleSeconds(RouterConfig config, Protocol protocol) {
        long millis = protocol == Protocol.TCP ? config.nat().tcpEstablishedMillis() : config.nat().udpTimeoutMillis();
        long slack = 2 * config.refreshPeriod().toMillis() + 1_000;
        return (int) Math.min(65_535, (millis + slack + 999) / 1000);
    }

    /** Below the session flows: a host's existing sessions keep working during a backoff. */
    static final int BACKOFF_PRIORITY = 100;

    /**
     * After the core refused a host's new connection (quota or ports exhausted), the switch drops
     * that host's further new connections of the protocol for a moment, so a host that keeps
     * trying (a scanner, a retry loop) does not turn every attempt into a packet-in.
     */
    OFMessage backoff(int hostIp, Protocol protocol, int seconds) {
        Match match = f.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, Matches.ipProtocol(protocol))
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(hostIp))
                .build();
        return mods.temporary(Tables.NAT, BACKOFF_PRIORITY, Tables.BACKOFF_COOKIE, match, mods.drop(), seconds);
    }

    /** The same for one internal endpoint (a mapping at its session limit): the host's other mappings go on. */
    OFMessage backoff(int hostIp, int port, Protocol protocol, int seconds) {
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
        return List.of(mods.deleteStrict(Tables.NAT, PRIORITY, outboundMatch(m, remote)),
                mods.deleteStrict(Tables.NAT, PRIORITY, inboundMatch(m, remote)));
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
