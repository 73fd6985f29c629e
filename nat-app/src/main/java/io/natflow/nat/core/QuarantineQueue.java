package io.natflow.nat.core;

/**
 * FIFO of released ports waiting out their quarantine. One queue for the whole NAT: the
 * quarantine is the same for every port and the clock is monotonic, so the queue is sorted by
 * release time and draining only looks at the head. Entries are two primitives, no objects.
 */
final class QuarantineQueue {
    private long[] releasedAt = new long[64];
    private int[] poolAndPort = new int[64];
    private int head;
    private int size;

    int size() {
        return size;
    }

    void add(long now, int poolIndex, int port) {
        if (size == releasedAt.length) {
            grow();
        }
        int tail = (head + size) & (releasedAt.length - 1);
        releasedAt[tail] = now;
        poolAndPort[tail] = (poolIndex << 16) | port;
        size++;
    }

    /** True if the head entry was released at or before {@code cutoff}. */
    boolean headReleasedBy(long cutoff) {
        return size > 0 && releasedAt[head] <= cutoff;
    }

    /** Removes the head; returns {@code poolIndex << 16 | port}. */
    int poll() {
        int value = poolAndPort[head];
        head = (head + 1) & (releasedAt.length - 1);
        size--;
        return value;
    }

    private void grow() {
        int n = releasedAt.length;
        long[] times = new long[n * 2];
        int[] entries = new int[n * 2];
        for (int i = 0; i < size; i++) {
            times[i] = releasedAt[(head + i) & (n - 1)];
            entries[i] = poolAndPort[(head + i) & (n - 1)];
        }
        releasedAt = times;
        poolAndPort = entries;
        head = 0;
    }
}
