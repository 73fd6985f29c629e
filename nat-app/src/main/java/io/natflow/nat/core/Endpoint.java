package io.natflow.nat.core;

/**
 * An IPv4 address and a port (or, for ICMP queries, the identifier).
 *
 * @param ip   IPv4 address as an int, see {@link Ipv4}
 * @param port 0..65535
 */
public record Endpoint(int ip, int port) {
    public Endpoint {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses {@code "10.0.0.1:5000"}. */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected ip:port, got " + text);
        }
        return new Endpoint(Ipv4.parse(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
    }

    /** Shorthand for tests and config: {@code Endpoint.of("10.0.0.1", 5000)}. */
    public static Endpoint of(String ip, int port) {
        return new Endpoint(Ipv4.parse(ip), port);
    }

    /** 48-bit packing (ip in the high bits) used by the core's primitive maps. */
    /** The endpoint as one long (address in bits 16-47, port in 0-15): compact keys and sets. */
    public static long pack(int ip, int port) {
        return (Ipv4.unsigned(ip) << 16) | port;
    }

    static int ipOf(long packed) {
        return (int) (packed >>> 16);
    }

    static int portOf(long packed) {
        return (int) (packed & 0xffff);
    }

    public static Endpoint unpack(long packed) {
        return new Endpoint(ipOf(packed), portOf(packed));
    }

    @Override
    public String toString() {
        return Ipv4.format(ip) + ":" + port;
    }
}
