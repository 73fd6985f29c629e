package io.natflow.nat.openflow;

import io.natflow.controller.codec.FinTimeoutAction;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.rules.VirtualServerSessions.Session;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * The two NAT-table flows of one virtual-server session (a client connection on its server):
 * inbound from the client to the public endpoint sets the destination to the server, outbound
 * from the server to the client sets the source to the public endpoint. Their cookie names the
 * session ({@link #cookie}); timeouts as mappings' session flows ({@link FlowTimeouts}): the
 * client's direction opened the session, the server's answers.
 */
final class VirtualServerFlows {
    /** Session flows: "NF", then 0x02, then the session id in the low 40 bits. */
    static final long COOKIE = 0x4e46_0200_0000_0000L;

    static final U64 COOKIE_MASK = U64.of(0xffff_ff00_0000_0000L);
    private static final long ID_BITS = 0x0000_00ff_ffff_ffffL;

    private final FlowMods mods;
    private final OFFactory f;
    private final FlowTimeouts timeouts;

    VirtualServerFlows(FlowMods mods, FlowTimeouts timeouts) {
        this.mods = mods;
        this.f = mods.factory();
        this.timeouts = timeouts;
    }

    FlowTimeouts timeouts() {
        return timeouts;
    }

    static U64 cookie(long sessionId) {
        return U64.of(COOKIE | (sessionId & ID_BITS));
    }

    /** The session id a flow's cookie names, or -1 if it is not a virtual-server session flow. */
    static long sessionId(U64 cookie) {
        long c = cookie.getValue();
        return (c & COOKIE_MASK.getValue()) == COOKIE ? c & ID_BITS : -1;
    }

    /** Both flows of a new session. */
    List<OFMessage> install(Session s) {
        Protocol p = protocol(s);
        return List.of(flow(s, false, timeouts.initiating(p)), flow(s, true, timeouts.unconfirmedAnswer(p)));
    }

    /** One direction's flow again (after an idle removal of an answering flow). */
    OFMessage reinstall(Session s, boolean outbound, int idleSeconds) {
        return flow(s, outbound, idleSeconds);
    }

    /** Strict deletes of both flows. */
    List<OFMessage> remove(Session s) {
        return List.of(
                mods.deleteStrict(Tables.NAT, SessionFlows.PRIORITY, match(s, false)),
                mods.deleteStrict(Tables.NAT, SessionFlows.PRIORITY, match(s, true)));
    }

    /** The strict delete of the flow the switch did not remove. */
    OFMessage removeOther(Session s, boolean removedOutbound) {
        return mods.deleteStrict(Tables.NAT, SessionFlows.PRIORITY, match(s, !removedOutbound));
    }

    /** Every virtual-server session flow (a switch that connects may hold another run's). */
    OFFlowDelete deleteAll() {
        return f.buildFlowDelete()
                .setTableId(Tables.NAT)
                .setCookie(U64.of(COOKIE))
                .setCookieMask(COOKIE_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    private OFMessage flow(Session s, boolean outbound, int idleSeconds) {
        Protocol p = protocol(s);
        List<OFAction> actions = new ArrayList<>(4);
        if (p == Protocol.TCP) { // a FIN or RST lowers the idle timeout, so closed connections end soon
            actions.add(new FinTimeoutAction(timeouts.afterClose()));
        }
        actions.add(mods.decrementTtl());
        TransportPort port =
                TransportPort.of(outbound ? s.publicPort() : s.server().port());
        IPv4Address address =
                IPv4Address.of(outbound ? s.publicAddress() : s.server().address());
        if (outbound) {
            actions.add(mods.setField(f.oxms().ipv4Src(address)));
            actions.add(mods.setField(
                    p == Protocol.TCP ? f.oxms().tcpSrc(port) : f.oxms().udpSrc(port)));
        } else {
            actions.add(mods.setField(f.oxms().ipv4Dst(address)));
            actions.add(mods.setField(
                    p == Protocol.TCP ? f.oxms().tcpDst(port) : f.oxms().udpDst(port)));
        }
        return mods.sessionFlow(cookie(s.id()), match(s, outbound), actions, idleSeconds);
    }

    private Match match(Session s, boolean outbound) {
        Protocol p = protocol(s);
        return outbound
                ? Matches.session(f, p, s.server().address(), s.server().port(), s.clientAddress(), s.clientPort())
                : Matches.session(f, p, s.clientAddress(), s.clientPort(), s.publicAddress(), s.publicPort());
    }

    static Protocol protocol(Session s) {
        return s.protocol() == Protocol.TCP.ipProtocolNumber() ? Protocol.TCP : Protocol.UDP;
    }
}
