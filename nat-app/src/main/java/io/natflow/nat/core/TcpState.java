package io.natflow.nat.core;

import static io.natflow.nat.core.TcpFlags.ACK;
import static io.natflow.nat.core.TcpFlags.FIN;
import static io.natflow.nat.core.TcpFlags.RST;
import static io.natflow.nat.core.TcpFlags.SYN;

/**
 * The TCP state a mapping tracks (RFC 5382 section 5, RFC 7857 section 2.2), reduced to what
 * decides its timer: transitory states use the 240 s timer, the others 7440 s.
 *
 * <p>The state is per mapping: with endpoint-independent mapping one internal endpoint almost
 * always carries one connection, so that is precise enough and costs one byte.
 */
public enum TcpState {
    /** Not TCP. */
    NONE(false),
    /** SYN seen from inside only. */
    OPENING_OUTBOUND(true),
    /** SYN seen from outside only (forward or DMZ). */
    OPENING_INBOUND(true),
    /** Traffic seen both ways after a SYN. */
    ESTABLISHED(false),
    /** FIN from inside; half-closed connections may live long, so the established timer. */
    FIN_OUTBOUND(false),
    /** FIN from outside. */
    FIN_INBOUND(false),
    /** FIN seen both ways. */
    CLOSING(true),
    /** RST seen in either direction. */
    RESET(true);

    private final boolean transitory;

    TcpState(boolean transitory) {
        this.transitory = transitory;
    }

    /** Whether the transitory (short) idle timer applies. */
    public boolean transitory() {
        return transitory;
    }

    /** The state a new mapping starts in, given the packet that created it. */
    static TcpState initial(Protocol protocol, boolean outbound) {
        return protocol == Protocol.TCP ? initial(outbound) : NONE;
    }

    private static TcpState initial(boolean outbound) {
        return outbound ? OPENING_OUTBOUND : OPENING_INBOUND;
    }

    /** Transition on one packet; {@code outbound} is the packet's direction. */
    TcpState next(boolean outbound, int flags) {
        if ((flags & RST) != 0) {
            return RESET;
        }
        if ((flags & SYN) != 0 && (this == CLOSING || this == RESET)) {
            return initial(outbound); // port reused for a new connection
        }
        switch (this) {
            case OPENING_OUTBOUND:
                return !outbound && (flags & (SYN | ACK)) != 0 ? ESTABLISHED : this;
            case OPENING_INBOUND:
                return outbound && (flags & (SYN | ACK)) != 0 ? ESTABLISHED : this;
            case ESTABLISHED:
                if ((flags & FIN) == 0) {
                    return this;
                }
                return outbound ? FIN_OUTBOUND : FIN_INBOUND;
            case FIN_OUTBOUND:
                return !outbound && (flags & FIN) != 0 ? CLOSING : this;
            case FIN_INBOUND:
                return outbound && (flags & FIN) != 0 ? CLOSING : this;
            default:
                return this;
        }
    }
}
