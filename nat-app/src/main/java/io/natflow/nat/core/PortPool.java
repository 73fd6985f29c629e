package io.natflow.nat.core;

import java.util.random.RandomGenerator;

/** The dynamic ports (or ICMP identifiers) of one protocol on one public address. */
final class PortPool {
    private final FreePorts even;
    private final FreePorts odd;

    PortPool(int first, int last) {
        even = new FreePorts(first, last, 0);
        odd = new FreePorts(first, last, 1);
    }

    int free() {
        return even.size() + odd.size();
    }

    boolean isFree(int port) {
        return ((port & 1) == 0 ? even : odd).contains(port);
    }

    boolean take(int port) {
        return ((port & 1) == 0 ? even : odd).take(port);
    }

    void release(int port) {
        ((port & 1) == 0 ? even : odd).add(port);
    }

    /**
     * Port preservation first (RFC 4787 REQ-4 does not require it, but apps like it), then a
     * random free port, of the same parity as {@code wanted} if asked and possible. Returns -1
     * when the pool is empty.
     */
    int allocate(int wanted, boolean parity, RandomGenerator random) {
        if (take(wanted)) {
            return wanted;
        }
        int total = free();
        if (total == 0) {
            return -1;
        }
        if (parity) {
            FreePorts same = (wanted & 1) == 0 ? even : odd;
            FreePorts other = same == even ? odd : even;
            return same.size() > 0 ? same.takeRandom(random) : other.takeRandom(random);
        }
        int pick = random.nextInt(total);
        return pick < even.size() ? even.removeAt(pick) : odd.removeAt(pick - even.size());
    }
}
