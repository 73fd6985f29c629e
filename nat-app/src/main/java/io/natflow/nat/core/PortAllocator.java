package io.natflow.nat.core;

import java.util.random.RandomGenerator;

/**
 * Public ports for every (address, protocol): lazily created {@link PortPool}s, the shared
 * quarantine, and the choice of address for a host that is not yet paired (round robin).
 */
final class PortAllocator {
    private static final int PROTOCOLS = Protocol.values().length;

    private final NatConfig config;
    private final RandomGenerator random;
    private final PortPool[] pools;
    private final QuarantineQueue quarantine = new QuarantineQueue();
    private int nextAddress;

    PortAllocator(NatConfig config, RandomGenerator random) {
        this.config = config;
        this.random = random;
        this.pools = new PortPool[config.addressCount() * PROTOCOLS];
    }

    private PortPool pool(int index) {
        PortPool p = pools[index];
        if (p == null) {
            p = new PortPool(config.portMin(), config.portMax());
            pools[index] = p;
        }
        return p;
    }

    private static int poolIndex(Protocol protocol, int addressIndex) {
        return addressIndex * PROTOCOLS + protocol.ordinal();
    }

    /** An address with a free port for {@code protocol}, round robin; -1 if all are exhausted. */
    int chooseAddress(Protocol protocol, long now) {
        int n = config.addressCount();
        for (int i = 0; i < n; i++) {
            int candidate = (nextAddress + i) % n;
            if (free(protocol, candidate, now) > 0) {
                nextAddress = (candidate + 1) % n;
                return candidate;
            }
        }
        return -1;
    }

    int free(Protocol protocol, int addressIndex, long now) {
        PortPool p = pool(poolIndex(protocol, addressIndex));
        if (p.free() == 0) {
            drain(now);
        }
        return p.free();
    }

    /** A port on the address, preserving {@code wanted} if free; -1 if none is free. */
    int allocate(Protocol protocol, int addressIndex, int wanted, long now) {
        PortPool p = pool(poolIndex(protocol, addressIndex));
        if (p.free() == 0) {
            drain(now);
        }
        return p.allocate(wanted, config.preserveParity(), random);
    }

    /**
     * Takes a specific port (forward, DMZ, restore). Ports outside the dynamic range are not
     * pooled and always succeed: the caller checks the public-endpoint table.
     */
    boolean reserve(Protocol protocol, int addressIndex, int port) {
        return !config.inDynamicRange(port)
                || pool(poolIndex(protocol, addressIndex)).take(port);
    }

    boolean isFree(Protocol protocol, int addressIndex, int port) {
        return !config.inDynamicRange(port)
                || pool(poolIndex(protocol, addressIndex)).isFree(port);
    }

    /** Gives a port back through the quarantine (RFC 6888 / RFC 7857: no immediate reuse). */
    void release(Protocol protocol, int addressIndex, int port, long now) {
        if (!config.inDynamicRange(port)) {
            return;
        }
        int index = poolIndex(protocol, addressIndex);
        if (config.quarantineMillis() == 0) {
            pool(index).release(port);
        } else {
            quarantine.add(now, index, port);
        }
    }

    /** Returns to the pools every port whose quarantine is over at {@code now}. */
    void drain(long now) {
        long cutoff = now - config.quarantineMillis();
        while (quarantine.headReleasedBy(cutoff)) {
            int entry = quarantine.poll();
            pool(entry >>> 16).release(entry & 0xffff);
        }
    }

    /** Ports allocation can hand out now, after releasing those whose quarantine ended. */
    int freeNow(Protocol protocol, int addressIndex, long now) {
        drain(now);
        return pool(poolIndex(protocol, addressIndex)).free();
    }

    int quarantined() {
        return quarantine.size();
    }
}
