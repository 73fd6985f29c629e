package io.natflow.bench.emulator;

/**
 * The first packets one switch sends: connection {@code n} comes from internal host
 * {@code n % hosts} (10.0.16.0 + host in the 10.0.0.0/16 LAN) on a source port that host has not
 * used before (1024 + n / hosts), to one of 200 servers in 198.51.100.0/24; a share of them UDP,
 * the rest TCP SYN, tagged with n (see {@link Packets}). Every 5-tuple in a run is distinct as
 * long as n / hosts stays below 64,000.
 */
final class Traffic {
    static final int LAN_NETWORK = 0x0a00_0000; // 10.0.0.0/16
    static final int LAN_MASK = 0xffff_0000;
    static final int FIRST_HOST = 0x0a00_1000; // 10.0.16.0
    static final int ROUTER_IP = 0x0a00_0001; // 10.0.0.1
    static final long ROUTER_MAC = 0x0200_0000_0001L;
    static final int SERVERS = 0xc633_6400; // 198.51.100.0/24
    static final int SERVERS_MASK = 0xffff_ff00;
    static final int PUBLIC_NETWORK = 0xc612_0000; // 198.18.0.0/15, the routers' public pools
    static final int PUBLIC_MASK = 0xfffe_0000;
    static final int LAN_PORTS = 4;
    static final int WAN_PORT = LAN_PORTS + 1;

    private final int hosts;
    private final int udpPerMille;
    private long next;

    Traffic(int hosts, double udpShare) {
        if (hosts < 1 || hosts > 40_000) {
            throw new IllegalArgumentException("hosts must be 1..40000");
        }
        this.hosts = hosts;
        this.udpPerMille = (int) Math.round(udpShare * 1000);
    }

    static boolean inLan(int ip) {
        return (ip & LAN_MASK) == LAN_NETWORK;
    }

    static boolean isServer(int ip) {
        return (ip & SERVERS_MASK) == SERVERS;
    }

    static boolean isPublic(int ip) {
        return (ip & PUBLIC_MASK) == PUBLIC_NETWORK;
    }

    Connection next() {
        long n = next++;
        int host = (int) (n % hosts);
        long round = n / hosts;
        int internalIp = FIRST_HOST + host;
        int internalPort = 1024 + (int) (round % 64_000);
        boolean tcp = Long.remainderUnsigned(n * 0x9E37_79B9_7F4A_7C15L >>> 20, 1000) >= udpPerMille;
        int remoteIp = SERVERS + 1 + (int) (n % 200);
        int remotePort = tcp ? ((n & 1) == 0 ? 80 : 443) : ((n & 1) == 0 ? 53 : 443);
        int inPort = 1 + host % LAN_PORTS;
        long hostMac = 0x0200_0000_0000L | (internalIp & 0xffff_ffffL);
        byte[] frame = tcp
                ? Packets.tcpSyn(hostMac, ROUTER_MAC, internalIp, remoteIp, internalPort, remotePort, (int) n)
                : Packets.udp(hostMac, ROUTER_MAC, internalIp, remoteIp, internalPort, remotePort, (int) n);
        return new Connection((int) n, tcp, internalIp, internalPort, remoteIp, remotePort, inPort, frame);
    }
}
