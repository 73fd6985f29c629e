package io.natflow.nat.pcp;

import java.util.Arrays;

/**
 * Reads PCP requests and writes responses (RFC 6887 §7, §11, §12, §14). Everything is bounded:
 * a datagram of 24..1100 bytes, a multiple of 4, at most {@link #MAX_OPTIONS} options, each
 * inside the datagram. What the RFC says to drop silently decodes to {@code null}.
 */
final class PcpCodec {
    static final int VERSION = 2;
    static final int HEADER = 24;
    static final int MAX_MESSAGE = 1100;
    static final int MAX_OPTIONS = 16;
    static final int OPTION_THIRD_PARTY = 1;
    static final int OPTION_PREFER_FAILURE = 2;
    static final int OPTION_FILTER = 3;

    private PcpCodec() {}

    /** A request, or the error to answer with. */
    sealed interface Decoded permits Ok, Error {}

    record Ok(PcpRequest request) implements Decoded {}

    /** @param opcode the request's opcode byte (0..127), echoed in the response */
    record Error(PcpResult result, int opcode) implements Decoded {}

    /** Decodes {@code b[off, off+len)}; {@code null} for what must be dropped (too short, a response). */
    static Decoded decode(byte[] b, int off, int len) {
        if (len < 2 || (b[off + 1] & 0x80) != 0) {
            return null; // §8.3: shorter than 2 octets, or the R bit says it is a response
        }
        int opcodeByte = b[off + 1] & 0x7f;
        if ((b[off] & 0xff) != VERSION) {
            return new Error(PcpResult.UNSUPP_VERSION, opcodeByte);
        }
        if (len < HEADER || len > MAX_MESSAGE || len % 4 != 0) {
            return new Error(PcpResult.MALFORMED_REQUEST, opcodeByte);
        }
        PcpOpcode opcode = PcpOpcode.of(opcodeByte);
        if (opcode == null) {
            return new Error(PcpResult.UNSUPP_OPCODE, opcodeByte);
        }
        if (len < HEADER + opcode.dataLength) {
            return new Error(PcpResult.MALFORMED_REQUEST, opcodeByte);
        }
        long lifetime = u32(b, off + 4);
        long client = mappedIpv4(b, off + 8);
        Nonce nonce = null;
        int protocol = 0, internalPort = 0, suggestedPort = 0, suggestedIp = 0, remotePort = 0;
        long remote = -1;
        int d = off + HEADER;
        if (opcode != PcpOpcode.ANNOUNCE) {
            nonce = new Nonce(u64(b, d), (int) u32(b, d + 8));
            protocol = b[d + 12] & 0xff;
            internalPort = u16(b, d + 16);
            suggestedPort = u16(b, d + 18);
            long s = mappedIpv4(b, d + 20);
            suggestedIp = s < 0 ? 0 : (int) s;
        }
        if (opcode == PcpOpcode.PEER) {
            remotePort = u16(b, d + 36);
            remote = mappedIpv4(b, d + 40);
        }
        Options options = options(b, d + opcode.dataLength, off + len, opcode);
        if (options.error != null) {
            return new Error(options.error, opcodeByte);
        }
        return new Ok(new PcpRequest(
                opcode,
                lifetime,
                (int) client,
                client >= 0,
                nonce,
                protocol,
                internalPort,
                suggestedPort,
                suggestedIp,
                remotePort,
                remote < 0 ? 0 : (int) remote,
                remote >= 0,
                options.thirdParty,
                options.preferFailure));
    }

    private record Options(PcpResult error, boolean thirdParty, boolean preferFailure) {}

    /**
     * §7.3: an option runs {code, reserved, length, data padded to 4}. Codes 0..127 must be
     * understood (else UNSUPP_OPTION), 128..255 may be skipped. An option that does not fit, has
     * the wrong length, repeats, or is not valid for the opcode is MALFORMED_OPTION.
     */
    private static Options options(byte[] b, int at, int end, PcpOpcode opcode) {
        boolean thirdParty = false, preferFailure = false;
        int count = 0;
        while (at < end) {
            if (++count > MAX_OPTIONS) {
                return new Options(PcpResult.MALFORMED_REQUEST, false, false);
            }
            if (end - at < 4) {
                return new Options(PcpResult.MALFORMED_OPTION, false, false);
            }
            int code = b[at] & 0xff;
            int length = u16(b, at + 2);
            int padded = (length + 3) & ~3;
            if (padded > end - at - 4) {
                return new Options(PcpResult.MALFORMED_OPTION, false, false);
            }
            switch (code) {
                case OPTION_THIRD_PARTY -> {
                    if (length != 16 || thirdParty || opcode == PcpOpcode.ANNOUNCE) {
                        return new Options(PcpResult.MALFORMED_OPTION, false, false);
                    }
                    thirdParty = true;
                }
                case OPTION_PREFER_FAILURE -> {
                    if (length != 0 || preferFailure || opcode != PcpOpcode.MAP) {
                        return new Options(PcpResult.MALFORMED_OPTION, false, false);
                    }
                    preferFailure = true;
                }
                case OPTION_FILTER -> {
                    if (length != 20 || opcode != PcpOpcode.MAP) {
                        return new Options(PcpResult.MALFORMED_OPTION, false, false);
                    }
                    return new Options(PcpResult.UNSUPP_OPTION, false, false); // no filters on forwards (yet)
                }
                default -> {
                    if (code < 128) {
                        return new Options(PcpResult.UNSUPP_OPTION, false, false);
                    }
                }
            }
            at += 4 + padded;
        }
        return new Options(null, thirdParty, preferFailure);
    }

    /** A MAP or PEER success: the request's opcode data with the assigned external port and address. */
    static byte[] mapped(
            PcpRequest r, byte[] request, int off, long lifetime, long epoch, int externalPort, int externalIp) {
        byte[] out = new byte[HEADER + r.opcode().dataLength];
        System.arraycopy(request, off + HEADER, out, HEADER, r.opcode().dataLength);
        header(out, r.opcode().code, PcpResult.SUCCESS, lifetime, epoch);
        int d = HEADER;
        Arrays.fill(out, d + 13, d + 16, (byte) 0); // reserved
        put16(out, d + 18, externalPort);
        putMappedIpv4(out, d + 20, externalIp);
        return out;
    }

    /** An ANNOUNCE: a response to a request, or (§14.1.3) unsolicited after the epoch reset. */
    static byte[] announce(long epoch) {
        byte[] out = new byte[HEADER];
        header(out, PcpOpcode.ANNOUNCE.code, PcpResult.SUCCESS, 0, epoch);
        return out;
    }

    /**
     * An error response (§7.2, §8.3): the request as received, cut to 1100 bytes and zero-padded to
     * a multiple of 4 (at least a header), with the response header over it.
     */
    static byte[] error(byte[] request, int off, int len, int opcode, PcpResult result, long epoch) {
        int copied = Math.min(len, MAX_MESSAGE);
        byte[] out = new byte[Math.max(HEADER, (copied + 3) & ~3)];
        System.arraycopy(request, off, out, 0, copied);
        header(out, opcode, result, result.errorLifetime(), epoch);
        return out;
    }

    private static void header(byte[] out, int opcode, PcpResult result, long lifetime, long epoch) {
        out[0] = VERSION;
        out[1] = (byte) (0x80 | opcode);
        out[2] = 0;
        out[3] = (byte) result.code;
        put32(out, 4, lifetime);
        put32(out, 8, epoch);
        Arrays.fill(out, 12, HEADER, (byte) 0);
    }

    /** An IPv4-mapped IPv6 address's IPv4 part (0..2^32-1), or -1 if it is not one. */
    static long mappedIpv4(byte[] b, int o) {
        for (int i = 0; i < 10; i++) {
            if (b[o + i] != 0) {
                return -1;
            }
        }
        if (b[o + 10] != (byte) 0xff || b[o + 11] != (byte) 0xff) {
            return -1;
        }
        return u32(b, o + 12);
    }

    static void putMappedIpv4(byte[] b, int o, int ip) {
        Arrays.fill(b, o, o + 10, (byte) 0);
        b[o + 10] = (byte) 0xff;
        b[o + 11] = (byte) 0xff;
        put32(b, o + 12, ip & 0xffffffffL);
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    static long u32(byte[] b, int o) {
        return ((long) u16(b, o) << 16) | u16(b, o + 2);
    }

    private static long u64(byte[] b, int o) {
        return (u32(b, o) << 32) | u32(b, o + 4);
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    static void put32(byte[] b, int o, long v) {
        put16(b, o, (int) (v >>> 16) & 0xffff);
        put16(b, o + 2, (int) v & 0xffff);
    }
}
