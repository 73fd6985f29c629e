package io.natflow.nat.openflow;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFBooleanValue;

/**
 * The match "first fragment of a fragmented IPv4 datagram": OVS's NXM_NX_IP_FRAG field (NXM_1
 * class 0x0001, field 26) with value 1 (a fragment) and mask 3 (any fragment | later fragment),
 * what {@code ovs-ofctl -O OpenFlow13 add-flow … ip_frag=first} sends inside an OpenFlow 1.3
 * match. OpenFlow has no such field and loxi knows no NXM one, so this OXM writes its own bytes.
 * loxi keys the OXMs of a match by field; this one takes the slot of BSN_IP_FRAGMENTATION (a
 * field OVS does not know and natflow never sends), which is why {@link #getMatchField} says so.
 * Only ever written to the switch: flows that carry it are never read back (stats are read from
 * the NAT table only).
 */
final class FirstFragmentOxm implements OFOxm<OFBooleanValue> {
    static final FirstFragmentOxm INSTANCE = new FirstFragmentOxm();

    /** NXM_HEADER_W(0x0001, 26, 1): class, field << 1 | has-mask, length 2 (value and mask). */
    static final int TYPE_LEN = (0x0001 << 16) | (26 << 9) | (1 << 8) | 2;
    static final int VALUE = 1;
    static final int MASK = 3;

    private FirstFragmentOxm() {
    }

    @Override
    public long getTypeLen() {
        return TYPE_LEN;
    }

    @Override
    public OFBooleanValue getValue() {
        return OFBooleanValue.TRUE;
    }

    @Override
    public OFBooleanValue getMask() {
        return OFBooleanValue.TRUE;
    }

    @Override
    public MatchField<OFBooleanValue> getMatchField() {
        return MatchField.BSN_IP_FRAGMENTATION;
    }

    @Override
    public boolean isMasked() {
        return true;
    }

    @Override
    public OFOxm<OFBooleanValue> getCanonical() {
        return this;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeInt(TYPE_LEN);
        bb.writeByte(VALUE);
        bb.writeByte(MASK);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(TYPE_LEN).putByte((byte) VALUE).putByte((byte) MASK);
    }

    @Override
    public Builder<OFBooleanValue> createBuilder() {
        throw new UnsupportedOperationException("a constant OXM");
    }

    @Override
    public String toString() {
        return "nxm_ip_frag=first(1/3)";
    }
}
