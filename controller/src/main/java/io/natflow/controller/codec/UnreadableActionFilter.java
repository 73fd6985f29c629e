package io.natflow.controller.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * loxi reads only one Nicira action (dec_ttl); a flow-stats reply (OpenFlow 1.3 MULTIPART_REPLY
 * of type FLOW) that carries another one, such as the {@code fin_timeout} the NAT's session
 * flows use, fails to decode as a whole. This rewrites such a reply without those actions so
 * the rest (matches, cookies, counters, set-fields) can be read; the caller only tries it after
 * loxi refused the original. A frame whose lengths do not add up is left alone (empty result).
 */
final class UnreadableActionFilter {
    private static final int OF13 = 4;
    private static final int MULTIPART_REPLY = 19;
    private static final int MULTIPART_FLOW = 1;
    private static final int HEADER = 16; // ofp_header + type, flags, pad
    private static final int ENTRY_FIXED = 48; // ofp_flow_stats before its match
    private static final int WRITE_ACTIONS = 3;
    private static final int APPLY_ACTIONS = 4;
    private static final int EXPERIMENTER = 0xffff;
    private static final long NICIRA = 0x2320L;
    private static final int NICIRA_DEC_TTL = 18;

    private UnreadableActionFilter() {}

    static boolean applies(ByteBuf frame) {
        int at = frame.readerIndex();
        return frame.readableBytes() >= HEADER
                && frame.getUnsignedByte(at) == OF13
                && frame.getUnsignedByte(at + 1) == MULTIPART_REPLY
                && frame.getUnsignedShort(at + 8) == MULTIPART_FLOW;
    }

    /** The reply without unreadable Nicira actions, or empty if it is malformed or has none. */
    static Optional<ByteBuf> strip(ByteBuf frame) {
        byte[] in = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), in);
        if (in.length < HEADER || u16(in, 2) != in.length) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, HEADER);
        boolean stripped = false;
        int at = HEADER;
        while (at < in.length) {
            int entryLength = at + 2 <= in.length ? u16(in, at) : 0;
            if (entryLength < ENTRY_FIXED + 8 || at + entryLength > in.length) {
                return Optional.empty();
            }
            int matchLength = u16(in, at + ENTRY_FIXED + 2);
            int instructionsAt = at + ENTRY_FIXED + ((matchLength + 7) & ~7);
            int entryEnd = at + entryLength;
            if (matchLength < 4 || instructionsAt > entryEnd) {
                return Optional.empty();
            }
            ByteArrayOutputStream instructions = new ByteArrayOutputStream();
            int i = instructionsAt;
            while (i < entryEnd) {
                int type = i + 4 <= entryEnd ? u16(in, i) : -1;
                int length = i + 4 <= entryEnd ? u16(in, i + 2) : 0;
                if (length < 4 || i + length > entryEnd) {
                    return Optional.empty();
                }
                if ((type == WRITE_ACTIONS || type == APPLY_ACTIONS) && length >= 8) {
                    ByteArrayOutputStream actions = new ByteArrayOutputStream();
                    for (int a = i + 8; a < i + length; ) {
                        int actionLength = a + 4 <= i + length ? u16(in, a + 2) : 0;
                        if (actionLength < 4 || a + actionLength > i + length) {
                            return Optional.empty();
                        }
                        if (isUnreadable(in, a, actionLength)) {
                            stripped = true;
                        } else {
                            actions.write(in, a, actionLength);
                        }
                        a += actionLength;
                    }
                    byte[] kept = actions.toByteArray();
                    writeU16(instructions, type);
                    writeU16(instructions, 8 + kept.length);
                    instructions.write(in, i + 4, 4);
                    instructions.write(kept, 0, kept.length);
                } else {
                    instructions.write(in, i, length);
                }
                i += length;
            }
            byte[] rebuilt = instructions.toByteArray();
            int newEntryLength = instructionsAt - at + rebuilt.length;
            writeU16(out, newEntryLength);
            out.write(in, at + 2, instructionsAt - at - 2);
            out.write(rebuilt, 0, rebuilt.length);
            at = entryEnd;
        }
        if (!stripped) {
            return Optional.empty();
        }
        byte[] result = out.toByteArray();
        result[2] = (byte) (result.length >>> 8);
        result[3] = (byte) result.length;
        return Optional.of(Unpooled.wrappedBuffer(result));
    }

    private static boolean isUnreadable(byte[] in, int at, int length) {
        if (u16(in, at) != EXPERIMENTER || length < 10) {
            return false;
        }
        long experimenter = ((long) u16(in, at + 4) << 16) | u16(in, at + 6);
        return experimenter == NICIRA && u16(in, at + 8) != NICIRA_DEC_TTL;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}
