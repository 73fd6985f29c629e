package io.natflow.controller.codec;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * Open vSwitch's {@code ct} action (Nicira extension NXAST_CT, subtype 35): sends the packet
 * through the connection tracker in {@code zone}, optionally committing it (and running the
 * nested actions, e.g. a set-field of {@code ct_mark}, on the committed entry), and, with a
 * recirculation table, continues the pipeline there with the tracker's verdict in
 * {@code ct_state}/{@code ct_mark}. loxi has no class for it; this writes the wire form:
 * {@code type=0xffff, len, vendor=0x00002320, subtype=35, flags, zone_src=0, zone, recirc_table,
 * pad[3], alg=0}, then the nested actions, padded to 8 bytes. Write-only, like {@link FinTimeoutAction}.
 */
public final class ConntrackAction extends NiciraAction {
    /** No recirculation: the pipeline goes on with the next action. */
    public static final int NO_RECIRCULATION = 0xff;

    private static final int SUBTYPE = 35;
    private static final int COMMIT = 1;

    private final boolean commit;
    private final int zone;
    private final int recirculationTable;
    private final List<OFAction> nested;

    /**
     * @param recirculationTable the table to continue in, or {@link #NO_RECIRCULATION}
     * @param nested             actions on a committed entry (only with {@code commit})
     */
    public ConntrackAction(boolean commit, int zone, int recirculationTable, List<OFAction> nested) {
        if (zone < 0 || zone > 0xffff || recirculationTable < 0 || recirculationTable > 0xff) {
            throw new IllegalArgumentException(
                    "zone 0..65535 and table 0..255, got " + zone + ", " + recirculationTable);
        }
        if (!commit && !nested.isEmpty()) {
            throw new IllegalArgumentException("nested actions need commit");
        }
        this.commit = commit;
        this.zone = zone;
        this.recirculationTable = recirculationTable;
        this.nested = List.copyOf(nested);
    }

    @Override
    public void writeTo(ByteBuf bb) {
        int start = bb.writerIndex();
        bb.writeShort(0xffff);
        bb.writeShort(0); // length, set below
        bb.writeInt((int) NICIRA);
        bb.writeShort(SUBTYPE);
        bb.writeShort(commit ? COMMIT : 0);
        bb.writeInt(0); // zone_src 0: the zone is the immediate value that follows
        bb.writeShort(zone);
        bb.writeByte(recirculationTable);
        bb.writeZero(3);
        bb.writeShort(0); // no ALG
        nested.forEach(a -> a.writeTo(bb));
        int length = bb.writerIndex() - start;
        int padded = (length + 7) & ~7;
        bb.writeZero(padded - length);
        bb.setShort(start + 2, padded);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putLong(NICIRA).putInt(SUBTYPE).putBoolean(commit).putInt(zone).putInt(recirculationTable);
        nested.forEach(a -> a.putTo(sink));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConntrackAction other
                && other.commit == commit
                && other.zone == zone
                && other.recirculationTable == recirculationTable
                && other.nested.equals(nested);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(commit, zone, recirculationTable, nested);
    }

    @Override
    public String toString() {
        return "ct(" + (commit ? "commit," : "") + "zone=" + zone
                + (recirculationTable == NO_RECIRCULATION ? "" : ",table=" + recirculationTable)
                + (nested.isEmpty() ? "" : ",exec" + nested) + ")";
    }
}
