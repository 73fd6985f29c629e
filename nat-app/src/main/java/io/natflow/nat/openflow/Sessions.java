package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which sessions (mapping id and remote endpoint) have flows in the switch. Remotes are packed
 * into a small {@code long[]} per mapping (most mappings have one): a live set of millions of
 * sessions is otherwise dominated by set and record objects the collector must copy.
 */
final class Sessions {
    /** Told of every session opened and closed: the core counts them against its session limits. */
    interface Counter {
        Counter NONE = new Counter() {
            @Override
            public void opened(long mappingId) {}

            @Override
            public void closed(long mappingId, int count) {}
        };

        void opened(long mappingId);

        void closed(long mappingId, int count);
    }

    private final Map<Long, long[]> byMapping = new HashMap<>();
    private final Counter counter;
    private int sessions;

    Sessions(Counter counter) {
        this.counter = counter;
    }

    /** Sessions nobody counts (tests of the bookkeeping alone). */
    Sessions() {
        this(Counter.NONE);
    }

    /** True if the session is new. */
    boolean add(long mappingId, Endpoint remote) {
        long packed = pack(remote);
        long[] remotes = byMapping.get(mappingId);
        if (remotes == null) {
            byMapping.put(mappingId, new long[] {packed});
        } else if (indexOf(remotes, packed) >= 0) {
            return false;
        } else {
            long[] grown = Arrays.copyOf(remotes, remotes.length + 1);
            grown[remotes.length] = packed;
            byMapping.put(mappingId, grown);
        }
        sessions++;
        counter.opened(mappingId);
        return true;
    }

    boolean contains(long mappingId, Endpoint remote) {
        long[] remotes = byMapping.get(mappingId);
        return remotes != null && indexOf(remotes, pack(remote)) >= 0;
    }

    /** Removes one session; true if that was the mapping's last one. */
    boolean remove(long mappingId, Endpoint remote) {
        long[] remotes = byMapping.get(mappingId);
        int i = remotes == null ? -1 : indexOf(remotes, pack(remote));
        if (i < 0) {
            return false;
        }
        sessions--;
        counter.closed(mappingId, 1);
        if (remotes.length == 1) {
            byMapping.remove(mappingId);
            return true;
        }
        long[] shrunk = new long[remotes.length - 1];
        System.arraycopy(remotes, 0, shrunk, 0, i);
        System.arraycopy(remotes, i + 1, shrunk, i, remotes.length - i - 1);
        byMapping.put(mappingId, shrunk);
        return false;
    }

    Set<Endpoint> removeAll(long mappingId) {
        long[] removed = byMapping.remove(mappingId);
        if (removed == null) {
            return Set.of();
        }
        sessions -= removed.length;
        counter.closed(mappingId, removed.length);
        Set<Endpoint> out = new HashSet<>();
        for (long packed : removed) {
            out.add(Endpoint.unpack(packed));
        }
        return out;
    }

    int mappings() {
        return byMapping.size();
    }

    int sessions() {
        return sessions;
    }

    private static long pack(Endpoint e) {
        return Endpoint.pack(e.ip(), e.port());
    }

    private static int indexOf(long[] remotes, long packed) {
        for (int i = 0; i < remotes.length; i++) {
            if (remotes[i] == packed) {
                return i;
            }
        }
        return -1;
    }
}
