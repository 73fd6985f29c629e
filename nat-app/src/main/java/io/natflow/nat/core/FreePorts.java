package io.natflow.nat.core;

import java.util.random.RandomGenerator;

/**
 * The free ports of one parity inside a range: a dense array plus a position index, so that
 * "take this port", "take a random port" and "give back" are all O(1) with no scan (RFC 6056
 * random allocation without the probing of its algorithms 1-2). Two bytes per port each.
 */
final class FreePorts {
    private static final char ABSENT = 0xffff;

    private final int base;
    private final char[] dense;
    private final char[] position;
    private int size;

    /** All ports {@code p} in [first, last] with {@code p % 2 == parity}, initially free. */
    FreePorts(int first, int last, int parity) {
        base = (first & 1) == parity ? first : first + 1;
        int count = base > last ? 0 : (last - base) / 2 + 1;
        dense = new char[count];
        position = new char[count];
        for (int i = 0; i < count; i++) {
            dense[i] = (char) (base + 2 * i);
            position[i] = (char) i;
        }
        size = count;
    }

    int size() {
        return size;
    }

    boolean contains(int port) {
        int slot = slotOf(port);
        return slot >= 0 && position[slot] != ABSENT;
    }

    /** Removes {@code port} if free; returns whether it was. */
    boolean take(int port) {
        int slot = slotOf(port);
        if (slot < 0 || position[slot] == ABSENT) {
            return false;
        }
        removeAt(position[slot]);
        return true;
    }

    /** Removes and returns a uniformly random free port; the set must not be empty. */
    int takeRandom(RandomGenerator random) {
        return removeAt(random.nextInt(size));
    }

    /** Removes and returns the free port at dense index {@code index} (0..size-1). */
    int removeAt(int index) {
        int port = dense[index];
        char last = dense[--size];
        dense[index] = last;
        position[slotOf(last)] = (char) index;
        position[slotOf(port)] = ABSENT;
        return port;
    }

    /** Returns {@code port} to the set; no-op if already free or not of this set. */
    void add(int port) {
        int slot = slotOf(port);
        if (slot < 0 || position[slot] != ABSENT) {
            return;
        }
        dense[size] = (char) port;
        position[slot] = (char) size;
        size++;
    }

    private int slotOf(int port) {
        int offset = port - base;
        if (offset < 0 || (offset & 1) != 0 || (offset >> 1) >= position.length) {
            return -1;
        }
        return offset >> 1;
    }
}
