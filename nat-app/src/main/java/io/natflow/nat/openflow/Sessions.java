package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Which sessions (mapping id and remote endpoint) have flows in the switch. */
final class Sessions {
    private final Map<Long, Set<Endpoint>> byMapping = new HashMap<>();

    /** True if the session is new. */
    boolean add(long mappingId, Endpoint remote) {
        return byMapping.computeIfAbsent(mappingId, id -> new HashSet<>(2)).add(remote);
    }

    boolean contains(long mappingId, Endpoint remote) {
        Set<Endpoint> remotes = byMapping.get(mappingId);
        return remotes != null && remotes.contains(remote);
    }

    /** Removes one session; true if that was the mapping's last one. */
    boolean remove(long mappingId, Endpoint remote) {
        Set<Endpoint> remotes = byMapping.get(mappingId);
        if (remotes == null || !remotes.remove(remote)) {
            return false;
        }
        if (remotes.isEmpty()) {
            byMapping.remove(mappingId);
            return true;
        }
        return false;
    }

    Set<Endpoint> removeAll(long mappingId) {
        Set<Endpoint> removed = byMapping.remove(mappingId);
        return removed == null ? Set.of() : removed;
    }

    int mappings() {
        return byMapping.size();
    }

    int sessions() {
        return byMapping.values().stream().mapToInt(Set::size).sum();
    }
}
