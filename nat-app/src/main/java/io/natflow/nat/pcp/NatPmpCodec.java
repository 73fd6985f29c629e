package io.natflow.nat.pcp;

import static io.natflow.nat.pcp.PcpCodec.put16;
import static io.natflow.nat.pcp.PcpCodec.put32;
import static io.natflow.nat.pcp.PcpCodec.u16;
import static io.natflow.nat.pcp.PcpCodec.u32;

/**
 * Reads NAT-PMP requests and writes responses (RFC 6886 §3). Requests are version 0; a response
 * (opcode 128 and above) or a request shorter than its opcode's format decodes to {@code null}
 * and is dropped: NAT-PMP has no result code for a malformed request. Bytes past the format
 * are ignored.
 */
final class NatPmpCodec {
    static final int VERSION = 0;
    static final int OP_PUBLIC_ADDRESS = 0;
    static final int OP_MAP_UDP = 1;
    static final int OP_MAP_TCP = 2;
    static final int MAP_REQUEST_LENGTH = 12;

    /** RFC 6886 §3.5 result codes. */
    enum Result {
        SUCCESS(0),
        UNSUPPORTED_VERSION(1),
        NOT_AUTHORIZED(2),
        NETWORK_FAILURE(3),
        OUT_OF_RESOURCES(4),
        UNSUPPORTED_OPCODE(5);

        final int code;

        Result(int code) {
            this.code = code;
        }
    }

    private NatPmpCodec() {}

    sealed interface Request permits PublicAddress, Map, Unsupported {}

    record PublicAddress() implements Request {}

    /** @param tcp opcode 2 (TCP) or 1 (UDP) */
    record Map(boolean tcp, int internalPort, int suggestedPort, long lifetime) implements Request {}

    record Unsupported(int opcode) implements Request {}

    static Request decode(byte[] b, int off, int len) {
        if (len < 2 || b[off] != VERSION) {
            return null;
        }
        int opcode = b[off + 1] & 0xff;
        if (opcode >= 128) {
            return null;
        }
        return switch (opcode) {
            case OP_PUBLIC_ADDRESS -> new PublicAddress();
            case OP_MAP_UDP, OP_MAP_TCP ->
                len < MAP_REQUEST_LENGTH
                        ? null
                        : new Map(opcode == OP_MAP_TCP, u16(b, off + 4), u16(b, off + 6), u32(b, off + 8));
            default -> new Unsupported(opcode);
        };
    }

    /** §3.2: result, seconds since start of epoch, the external address. */
    static byte[] publicAddress(Result result, long epoch, int externalIp) {
        byte[] out = header(12, OP_PUBLIC_ADDRESS, result, epoch);
        put32(out, 8, externalIp & 0xffffffffL);
        return out;
    }

    /** §3.3: the mapping granted (or, on error, external port and lifetime 0). */
    static byte[] map(boolean tcp, Result result, long epoch, int internalPort, int externalPort, long lifetime) {
        byte[] out = header(16, tcp ? OP_MAP_TCP : OP_MAP_UDP, result, epoch);
        put16(out, 8, internalPort);
        put16(out, 10, externalPort);
        put32(out, 12, lifetime);
        return out;
    }

    /** §3.5: an opcode this server does not know: the common header only. */
    static byte[] unsupported(int opcode, long epoch) {
        return header(8, opcode, Result.UNSUPPORTED_OPCODE, epoch);
    }

    private static byte[] header(int length, int opcode, Result result, long epoch) {
        byte[] out = new byte[length];
        out[0] = VERSION;
        out[1] = (byte) (128 + opcode);
        put16(out, 2, result.code);
        put32(out, 4, epoch);
        return out;
    }
}
