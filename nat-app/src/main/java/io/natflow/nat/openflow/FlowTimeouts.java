package io.natflow.nat.openflow;

import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.Protocol;

/**
 * The idle timeouts of session flows, chosen so that the switch owns a session's idleness and a
 * FLOW_REMOVED says by itself why the flow went (the switch reports the flow's idle timeout as
 * it was at removal):
 *
 * <ul>
 *   <li>the <em>initiating</em> direction (the packet that opened the session) idles out after
 *       the protocol's timer: TCP established (RFC 5382: at least 2 h 4 min), UDP (RFC 4787);
 *   <li>the <em>answering</em> direction starts one second longer than the short timer (TCP
 *       transitory + 1 s, UDP + 1 s): a value no other flow has, which marks it unconfirmed;
 *   <li>TCP flows carry fin_timeout(transitory): a FIN or RST through a flow lowers its idle
 *       timeout to the transitory timer, so a closed connection's flows idle out within it.
 * </ul>
 *
 * Reading a removal: a TCP flow reporting the transitory value was closed; an unconfirmed
 * answering TCP flow with no packets was never answered (the connection never opened); one
 * with packets belongs to an established connection that is merely idle, and comes back with
 * the established timeout; an unconfirmed answering UDP flow comes back as it was (the
 * initiating direction, which refreshes the mapping per RFC 4787 REQ-6, is still alive). Any
 * other removal ends the session.
 */
final class FlowTimeouts {
    /** What a session flow's idle removal means. */
    enum AfterRemoval {
        /** The session is over: its other flow goes, and the mapping with its last session. */
        END_SESSION,
        /** An idle established TCP connection: its answering flow comes back, established. */
        REINSTALL_ESTABLISHED,
        /** The initiating direction still lives: the answering flow comes back as it was. */
        REINSTALL_UNCONFIRMED
    }

    private static final int MAX_SECONDS = 0xffff;

    private final int tcpEstablished;
    private final int tcpTransitory;
    private final int udp;

    FlowTimeouts(NatConfig nat) {
        this.tcpEstablished = seconds(nat.tcpEstablishedMillis());
        this.tcpTransitory = Math.min(MAX_SECONDS - 1, seconds(nat.tcpTransitoryMillis()));
        this.udp = Math.min(MAX_SECONDS - 1, seconds(nat.udpTimeoutMillis()));
        if (tcpEstablished <= tcpTransitory + 1) {
            throw new IllegalArgumentException("tcp established timeout (" + tcpEstablished
                    + " s) must exceed the transitory timeout (" + tcpTransitory + " s) by more than 1 s");
        }
    }

    /** Idle timeout of the flow in the direction of the packet that opened the session. */
    int initiating(Protocol protocol) {
        return protocol == Protocol.TCP ? tcpEstablished : udp;
    }

    /** Idle timeout of the answering direction's flow until the session is confirmed. */
    int unconfirmedAnswer(Protocol protocol) {
        return (protocol == Protocol.TCP ? tcpTransitory : udp) + 1;
    }

    /** What the session flows' fin_timeout lowers the idle timeout to; TCP only. */
    int afterClose() {
        return tcpTransitory;
    }

    /** Reads an idle removal of a session flow (not one the controller asked for). */
    AfterRemoval afterIdleRemoval(Protocol protocol, int idleTimeout, long packets) {
        if (idleTimeout != unconfirmedAnswer(protocol)) {
            return AfterRemoval.END_SESSION; // closed (TCP transitory), or the initiating side idled out
        }
        if (protocol != Protocol.TCP) {
            return AfterRemoval.REINSTALL_UNCONFIRMED;
        }
        return packets > 0 ? AfterRemoval.REINSTALL_ESTABLISHED : AfterRemoval.END_SESSION;
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, Math.min(MAX_SECONDS, (millis + 999) / 1000));
    }
}
