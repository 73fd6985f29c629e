package io.natflow.bench.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAT table of one emulated switch: the flows the controller sent to it, kept as sent, so a
 * flow-stats request (the controller reading its sessions back after a restart, a REST counter
 * read) is answered with them. OpenFlow 1.3 semantics (§6.4) where natflow uses them: ADD
 * replaces a flow of the same priority and match; DELETE removes the flows whose cookie matches
 * under the mask and whose match contains the given one; DELETE_STRICT needs the same priority
 * and match as well. Matches compare as sets of OXM fields (order does not matter).
 *
 * <p>Bounded: beyond {@code maxFlows} an ADD of a new flow is counted and not kept (a real switch
 * would refuse it with TABLE_FULL; the emulator keeps out of the measurement). MODIFY is counted
 * and ignored (natflow does not send it). Flows never expire and count no packets: the emulator
 * forwards nothing. Flow-stats requests filter by table, cookie/mask and match; out_port and
 * out_group must be ANY (a session flow has no output), else the answer is empty. Not thread
 * safe: one table per switch, on its event loop.
 */
final class FlowTable {
    /** Largest multipart reply part, below the 16-bit OpenFlow length. */
    static final int MAX_PART_BYTES = 60_000;

    private static final int ENTRY_FIXED = 48;

    /** Priority and match (canonical OXM bytes) identify a flow within the table. */
    private static final class Key {
        final int priority;
        final byte[] oxms;
        final int hash;

        Key(int priority, byte[] oxms) {
            this.priority = priority;
            this.oxms = oxms;
            this.hash = 31 * priority + Arrays.hashCode(oxms);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.priority == priority && Arrays.equals(k.oxms, oxms);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final class Flow {
        final Key key;
        final long cookie;
        final int idleTimeout;
        final int hardTimeout;
        final int flags;
        final byte[] instructions;
        final long addedNanos;

        Flow(Key key, OfWire.View v, byte[] instructions, long addedNanos) {
            this.key = key;
            this.cookie = v.cookie;
            this.idleTimeout = v.idleTimeout;
            this.hardTimeout = v.hardTimeout;
            this.flags = v.flags;
            this.instructions = instructions;
            this.addedNanos = addedNanos;
        }

        int entryLength() {
            return ENTRY_FIXED + padded(4 + key.oxms.length) + instructions.length;
        }
    }

    private final int table;
    private final int maxFlows;
    private final Map<Key, Flow> flows = new HashMap<>();
    private final Map<Long, List<Flow>> byCookie = new HashMap<>();
    private final OfWire.View view = new OfWire.View();
    private long notKept;
    private long unsupported;
    private long requestsAnswered;
    private long entriesSent;

    FlowTable(int table, int maxFlows) {
        if (maxFlows < 0) {
            throw new IllegalArgumentException("maxFlows must be >= 0");
        }
        this.table = table;
        this.maxFlows = maxFlows;
    }

    int size() {
        return flows.size();
    }

    /** ADDs that found the table full. */
    long notKept() {
        return notKept;
    }

    /** MODIFY flow-mods (ignored) and malformed ones. */
    long unsupported() {
        return unsupported;
    }

    long requestsAnswered() {
        return requestsAnswered;
    }

    long entriesSent() {
        return entriesSent;
    }

    /** Applies one FLOW_MOD (a whole message at the reader index) if it is for this table; does not consume it. */
    void apply(ByteBuf message, long nowNanos) {
        if (!view.read(message) || view.type != OfWire.T_FLOW_MOD) {
            unsupported++;
            return;
        }
        OfWire.View v = view;
        if (v.table != table && !(v.table == OfWire.TABLE_ALL && isDelete(v.command))) {
            return;
        }
        byte[] oxms = canonicalOxms(message, v.matchOffset, v.matchLength);
        if (oxms == null) {
            unsupported++;
            return;
        }
        switch (v.command) {
            case OfWire.FC_ADD -> add(new Key(v.priority, oxms), message, nowNanos);
            case OfWire.FC_DELETE -> remove(select(v.cookie, v.cookieMask, oxms, -1));
            case OfWire.FC_DELETE_STRICT -> remove(select(v.cookie, v.cookieMask, oxms, v.priority));
            default -> unsupported++;
        }
    }

    /**
     * The reply parts (MULTIPART_REPLY of type FLOW) to a flow-stats request (a whole message at
     * the reader index); every part but the last has REPLY_MORE. At least one part, maybe empty.
     */
    List<ByteBuf> statsReply(ByteBuf request, ByteBufAllocator alloc, long nowNanos) {
        int b = request.readerIndex();
        int length = request.getUnsignedShort(b + 2);
        List<Flow> selected = List.of();
        if (length >= 56 && length <= request.readableBytes()) {
            int requestTable = request.getUnsignedByte(b + 16);
            boolean anyOutput = request.getInt(b + 20) == OfWire.PORT_ANY && request.getInt(b + 24) == OfWire.GROUP_ANY;
            int matchLength = request.getUnsignedShort(b + 50);
            byte[] oxms = b + 48 + matchLength <= b + length ? canonicalOxms(request, b + 48, matchLength) : null;
            if (oxms != null && anyOutput && (requestTable == table || requestTable == OfWire.TABLE_ALL)) {
                selected = select(request.getLong(b + 32), request.getLong(b + 40), oxms, -1);
            }
        }
        requestsAnswered++;
        entriesSent += selected.size();
        long xid = request.getUnsignedInt(b + 4);
        List<ByteBuf> parts = new ArrayList<>();
        int i = 0;
        do {
            int partLength = 16;
            int first = i;
            while (i < selected.size() && partLength + selected.get(i).entryLength() <= MAX_PART_BYTES) {
                partLength += selected.get(i++).entryLength();
            }
            ByteBuf part = alloc.ioBuffer(partLength);
            part.writeByte(OfWire.VERSION)
                    .writeByte(OfWire.T_MULTIPART_REPLY)
                    .writeShort(partLength)
                    .writeInt((int) xid);
            part.writeShort(OfWire.MULTIPART_FLOW)
                    .writeShort(i < selected.size() ? OfWire.REPLY_MORE : 0)
                    .writeZero(4);
            for (int e = first; e < i; e++) {
                writeEntry(part, selected.get(e), nowNanos);
            }
            parts.add(part);
        } while (i < selected.size());
        return parts;
    }

    private void add(Key key, ByteBuf message, long nowNanos) {
        Flow old = flows.get(key);
        if (old == null && flows.size() >= maxFlows) {
            notKept++;
            return;
        }
        byte[] instructions = new byte[view.end - view.instructionsOffset];
        message.getBytes(view.instructionsOffset, instructions);
        Flow flow = new Flow(key, view, instructions, nowNanos);
        if (16 + flow.entryLength() > MAX_PART_BYTES) {
            unsupported++; // could not be sent back in one reply part
            return;
        }
        if (old != null) {
            unindex(old);
        }
        flows.put(key, flow);
        byCookie.computeIfAbsent(flow.cookie, c -> new ArrayList<>(2)).add(flow);
    }

    /** Flows whose cookie matches under the mask and whose match contains {@code oxms}; priority -1: any. */
    private List<Flow> select(long cookie, long cookieMask, byte[] oxms, int priority) {
        Collection<Flow> candidates;
        if (cookieMask == -1L) {
            candidates = byCookie.getOrDefault(cookie, List.of());
        } else {
            candidates = flows.values();
        }
        List<Flow> out = new ArrayList<>();
        for (Flow f : candidates) {
            boolean cookieMatches = ((f.cookie ^ cookie) & cookieMask) == 0;
            boolean matchMatches = priority < 0
                    ? contains(f.key.oxms, oxms)
                    : f.key.priority == priority && Arrays.equals(f.key.oxms, oxms);
            if (cookieMatches && matchMatches) {
                out.add(f);
            }
        }
        return out;
    }

    private void remove(List<Flow> selected) {
        for (Flow f : selected) {
            flows.remove(f.key);
            unindex(f);
        }
    }

    private void unindex(Flow f) {
        List<Flow> same = byCookie.get(f.cookie);
        if (same != null && same.remove(f) && same.isEmpty()) {
            byCookie.remove(f.cookie);
        }
    }

    /** ofp_flow_stats (spec 1.3.5 §7.3.5.2). */
    private void writeEntry(ByteBuf out, Flow f, long nowNanos) {
        long age = Math.max(0, nowNanos - f.addedNanos);
        out.writeShort(f.entryLength());
        out.writeByte(table).writeZero(1);
        out.writeInt((int) (age / 1_000_000_000L)).writeInt((int) (age % 1_000_000_000L));
        out.writeShort(f.key.priority)
                .writeShort(f.idleTimeout)
                .writeShort(f.hardTimeout)
                .writeShort(f.flags);
        out.writeZero(4);
        out.writeLong(f.cookie).writeLong(0).writeLong(0); // no packets, no bytes
        out.writeShort(1).writeShort(4 + f.key.oxms.length).writeBytes(f.key.oxms);
        out.writeZero(padded(4 + f.key.oxms.length) - (4 + f.key.oxms.length));
        out.writeBytes(f.instructions);
    }

    /**
     * The OXM TLVs of an ofp_match sorted by their bytes, so two matches with the same fields in
     * another order compare equal; null if it is not an OXM match or a TLV overruns it.
     */
    static byte[] canonicalOxms(ByteBuf m, int matchOffset, int matchLength) {
        if (m.getUnsignedShort(matchOffset) != 1 || matchLength < 4) {
            return null;
        }
        List<byte[]> tlvs = new ArrayList<>();
        int total = 0;
        for (int o = matchOffset + 4; o < matchOffset + matchLength; ) {
            if (o + 4 > matchOffset + matchLength) {
                return null;
            }
            int len = 4 + (m.getInt(o) & 0xff);
            if (o + len > matchOffset + matchLength) {
                return null;
            }
            byte[] tlv = new byte[len];
            m.getBytes(o, tlv);
            tlvs.add(tlv);
            total += len;
            o += len;
        }
        tlvs.sort(Arrays::compareUnsigned);
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] tlv : tlvs) {
            System.arraycopy(tlv, 0, out, at, tlv.length);
            at += tlv.length;
        }
        return out;
    }

    /** True if every OXM TLV of {@code wanted} is one of {@code oxms} (an empty match is in every flow). */
    private static boolean contains(byte[] oxms, byte[] wanted) {
        for (int w = 0; w < wanted.length; ) {
            int len = 4 + (wanted[w + 3] & 0xff);
            boolean found = false;
            for (int o = 0; o < oxms.length && !found; ) {
                int olen = 4 + (oxms[o + 3] & 0xff);
                found = olen == len && Arrays.equals(oxms, o, o + olen, wanted, w, w + len);
                o += olen;
            }
            if (!found) {
                return false;
            }
            w += len;
        }
        return true;
    }

    private static boolean isDelete(int command) {
        return command == OfWire.FC_DELETE || command == OfWire.FC_DELETE_STRICT;
    }

    private static int padded(int length) {
        return (length + 7) & ~7;
    }
}
