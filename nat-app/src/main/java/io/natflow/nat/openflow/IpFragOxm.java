package io.natflow.nat.openflow;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFBooleanValue;

/**
 * Open vSwitch's fragment match, NXM_NX_IP_FRAG (NXM_1 class 0x0001, field 26, one byte with a
 * mask: bit 0 "a fragment", bit 1 "a later fragment"), as {@code ovs-ofctl -O OpenFlow13 …
 * ip_frag=no} sends it inside an OpenFlow 1.3 match. OpenFlow has no such field and loxi knows
 * no NXM one, so this OXM writes its own bytes; loxi keys a match's OXMs by field, and this one
 * takes the slot of BSN_IP_FRAGMENTATION (a field OVS does not know and natflow never sends).
 * Write-only: loxi cannot read it back, so it is kept out of the NAT table, whose flows are read
 * (table 0 is never read back either).
 */
final class IpFragOxm implements OFOxm<OFBooleanValue> {
    /** Not a fragment. */
    static final IpFragOxm NOT_FRAGMENT = new IpFragOxm(0, 1, "no");
    /** The first fragment of a fragmented datagram: a fragment (1), not a later one (2). */
    static final IpFragOxm FIRST = new IpFragOxm(1, 3, "first");

    /** NXM_HEADER_W(0x0001, 26, 1): class, field << 1 | has-mask, length 2 (value and mask). */
    private static final int TYPE_LEN = (0x0001 << 16) | (26 << 9) | (1 << 8) | 2;

    private final int value;
    private final int mask;
    private final String name;

    private IpFragOxm(int value, int mask, String name) {
        this.value = value;
        this.mask = mask;
        this.name = name;
    }

    @Override
    public long getTypeLen() {
        return TYPE_LEN;
    }

    @Override
    public OFBooleanValue getValue() {
        return OFBooleanValue.of(value != 0);
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
        bb.writeByte(value);
        bb.writeByte(mask);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(TYPE_LEN).putByte((byte) value).putByte((byte) mask);
    }

    @Override
    public Builder<OFBooleanValue> createBuilder() {
        throw new UnsupportedOperationException("a constant OXM");
    }

    @Override
    public String toString() {
        return "ip_frag=" + name;
    }
}
