package io.natflow.controller.codec;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;

/**
 * Open vSwitch's {@code fin_timeout} action (Nicira extension NXAST_FIN_TIMEOUT, subtype 19):
 * when a packet with FIN or RST passes the flow, the switch lowers the flow's idle timeout to
 * {@code finIdleSeconds}. A closed connection's flows then expire by themselves and the
 * controller hears of it through FLOW_REMOVED, with no copy of the FIN in between. loxi has no
 * class for it, so this writes the 16 wire bytes itself:
 * {@code type=0xffff, len=16, vendor=0x00002320, subtype=19, fin_idle, fin_hard, pad[2]}.
 * Write-only: a flow read back from the switch loses it ({@link UnreadableActionFilter}).
 */
public final class FinTimeoutAction extends NiciraAction {
    static final int SUBTYPE = 19;
    private static final int LENGTH = 16;

    private final int finIdleSeconds;

    public FinTimeoutAction(int finIdleSeconds) {
        if (finIdleSeconds < 1 || finIdleSeconds > 0xffff) {
            throw new IllegalArgumentException("fin idle timeout must be 1..65535 s, got " + finIdleSeconds);
        }
        this.finIdleSeconds = finIdleSeconds;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(0xffff);
        bb.writeShort(LENGTH);
        bb.writeInt((int) NICIRA);
        bb.writeShort(SUBTYPE);
        bb.writeShort(finIdleSeconds);
        bb.writeShort(0); // no hard timeout
        bb.writeZero(2);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putLong(NICIRA).putInt(SUBTYPE).putInt(finIdleSeconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FinTimeoutAction other && other.finIdleSeconds == finIdleSeconds;
    }

    @Override
    public int hashCode() {
        return finIdleSeconds;
    }

    @Override
    public String toString() {
        return "fin_timeout(idle_timeout=" + finIdleSeconds + ")";
    }
}
