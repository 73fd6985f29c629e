package io.natflow.bench.emulator;

/**
 * The WAN side of emulated switch {@code index} (0-based: datapath id minus the first one): its
 * router's public addresses 198.(18 + index / 256).(index % 256).1-253 and its upstream gateway
 * .254, inside 198.18.0.0/15. The generated controller configuration and the emulated switch (which
 * answers ARP for the gateway) read them here, so they agree.
 */
final class RouterAddresses {
    static final int MAX_SWITCHES = 512;
    static final int MAX_PUBLIC_ADDRESSES = 253;

    private RouterAddresses() {}

    /** 198.(18 + index / 256).(index % 256).0 */
    static int network(int index) {
        if (index < 0 || index >= MAX_SWITCHES) {
            throw new IllegalArgumentException("switch index must be 0.." + (MAX_SWITCHES - 1) + ", got " + index);
        }
        return (198 << 24) | ((18 + index / 256) << 16) | ((index % 256) << 8);
    }

    static int publicAddress(int index, int n) {
        if (n < 1 || n > MAX_PUBLIC_ADDRESSES) {
            throw new IllegalArgumentException("public address number must be 1.." + MAX_PUBLIC_ADDRESSES);
        }
        return network(index) | n;
    }

    static int gatewayIp(int index) {
        return network(index) | 254;
    }

    /** 02:00:00:fe:00:00 + index: locally administered, and no other MAC of the emulation. */
    static long gatewayMac(int index) {
        network(index); // checks the index
        return 0x0200_00fe_0000L | index;
    }

    static String dotted(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
    }
}
