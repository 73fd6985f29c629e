package io.natflow.nat.packet;

/** The Internet checksum (RFC 1071) and its incremental update (RFC 1624, eqn. 3). */
public final class Checksums {
    private Checksums() {}

    /** Adds 16-bit big-endian words of {@code data[offset, offset+length)} to {@code sum}, unfolded. */
    public static long sum(byte[] data, int offset, int length, long sum) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds carries and complements: the value to store in a checksum field. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    public static int compute(byte[] data, int offset, int length) {
        return finish(sum(data, offset, length, 0));
    }

    /** HC' = ~(~HC + ~m + m') for one 16-bit word changing from {@code oldWord} to {@code newWord}. */
    public static int update16(int checksum, int oldWord, int newWord) {
        long sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        return finish(sum);
    }

    /** The same for a 32-bit value (an IPv4 address) seen as two words. */
    public static int update32(int checksum, int oldValue, int newValue) {
        int c = update16(checksum, oldValue >>> 16, newValue >>> 16);
        return update16(c, oldValue & 0xffff, newValue & 0xffff);
    }
}
