package io.natflow.nat.pcp;

import java.nio.ByteBuffer;

/** Requests built byte by byte from the RFCs' figures, independent of the codec under test. */
final class Wire {
    private Wire() {}

    static byte[] mapped(int ip) {
        return ByteBuffer.allocate(16)
                .putLong(0)
                .putShort((short) 0)
                .putShort((short) 0xffff)
                .putInt(ip)
                .array();
    }

    /** RFC 6887 Figure 2 (header) + Figure 9 (MAP) + options. */
    static byte[] map(
            int client,
            long lifetime,
            long nonceHigh,
            int nonceLow,
            int protocol,
            int internalPort,
            int suggestedPort,
            int suggestedIp,
            byte[]... options) {
        int optLen = 0;
        for (byte[] o : options) {
            optLen += o.length;
        }
        ByteBuffer b = ByteBuffer.allocate(60 + optLen);
        b.put((byte) 2).put((byte) 1).putShort((short) 0).putInt((int) lifetime).put(mapped(client));
        b.putLong(nonceHigh).putInt(nonceLow).put((byte) protocol).put(new byte[3]);
        b.putShort((short) internalPort)
                .putShort((short) suggestedPort)
                .put(suggestedIp == 0 ? new byte[16] : mapped(suggestedIp));
        for (byte[] o : options) {
            b.put(o);
        }
        return b.array();
    }

    /** RFC 6887 Figure 10 (PEER). */
    static byte[] peer(int client, long lifetime, int protocol, int internalPort, int remoteIp, int remotePort) {
        ByteBuffer b = ByteBuffer.allocate(80);
        b.put((byte) 2).put((byte) 2).putShort((short) 0).putInt((int) lifetime).put(mapped(client));
        b.putLong(7).putInt(8).put((byte) protocol).put(new byte[3]);
        b.putShort((short) internalPort).putShort((short) 0).put(new byte[16]);
        b.putShort((short) remotePort).putShort((short) 0).put(mapped(remoteIp));
        return b.array();
    }

    static byte[] announce(int client) {
        return ByteBuffer.allocate(24)
                .put((byte) 2)
                .put((byte) 0)
                .putShort((short) 0)
                .putInt(0)
                .put(mapped(client))
                .array();
    }

    static byte[] option(int code, int length) {
        ByteBuffer b = ByteBuffer.allocate(4 + ((length + 3) & ~3));
        b.put((byte) code).put((byte) 0).putShort((short) length);
        return b.array();
    }

    /** RFC 6886 §3.3. */
    static byte[] natPmpMap(boolean tcp, int internalPort, int suggestedPort, long lifetime) {
        return ByteBuffer.allocate(12)
                .put((byte) 0)
                .put((byte) (tcp ? 2 : 1))
                .putShort((short) 0)
                .putShort((short) internalPort)
                .putShort((short) suggestedPort)
                .putInt((int) lifetime)
                .array();
    }

    static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    static int u16(byte[] b, int o) {
        return ByteBuffer.wrap(b, o, 2).getShort() & 0xffff;
    }

    static long u32(byte[] b, int o) {
        return ByteBuffer.wrap(b, o, 4).getInt() & 0xffffffffL;
    }

    static int ipAt(byte[] b, int o) {
        return ByteBuffer.wrap(b, o + 12, 4).getInt();
    }
}
