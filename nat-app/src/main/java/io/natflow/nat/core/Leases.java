package io.natflow.nat.core;

import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leases among the forwards: by rule, by deadline (so expiry costs O(expired log n)) and a
 * count per owner (the per-host limit). The forwards themselves live in {@link Forwards}.
 */
final class Leases {
    private final Map<PortForward, ForwardLease> byRule = new HashMap<>();
    /** Deadline → rules ending then, in the order they were (re)scheduled. */
    private final TreeMap<Long, Map<PortForward, ForwardLease>> byDeadline = new TreeMap<>();

    private final Map<Integer, Integer> perOwner = new HashMap<>();

    ForwardLease get(PortForward rule) {
        return byRule.get(rule);
    }

    int ownedBy(int owner) {
        return perOwner.getOrDefault(owner, 0);
    }

    List<ForwardLease> all() {
        return List.copyOf(byRule.values());
    }

    List<ForwardLease> ownedList(int owner) {
        List<ForwardLease> out = new ArrayList<>();
        for (ForwardLease l : byRule.values()) {
            if (l.owner() == owner) {
                out.add(l);
            }
        }
        return out;
    }

    void put(ForwardLease lease) {
        ForwardLease old = byRule.put(lease.rule(), lease);
        if (old != null) {
            unschedule(old);
        } else {
            perOwner.merge(lease.owner(), 1, Integer::sum);
        }
        byDeadline
                .computeIfAbsent(lease.expiresAt(), k -> new LinkedHashMap<>())
                .put(lease.rule(), lease);
    }

    /** Forgets the lease of {@code rule}, if it has one (the forward itself is not touched). */
    ForwardLease remove(PortForward rule) {
        ForwardLease old = byRule.remove(rule);
        if (old != null) {
            unschedule(old);
            perOwner.computeIfPresent(old.owner(), (k, n) -> n == 1 ? null : n - 1);
        }
        return old;
    }

    /** Leases whose deadline is at or before {@code now}, still registered; the caller removes them. */
    List<ForwardLease> due(long now) {
        List<ForwardLease> out = new ArrayList<>();
        for (Map<PortForward, ForwardLease> at : byDeadline.headMap(now, true).values()) {
            out.addAll(at.values());
        }
        return out;
    }

    private void unschedule(ForwardLease lease) {
        Map<PortForward, ForwardLease> at = byDeadline.get(lease.expiresAt());
        if (at != null) {
            at.remove(lease.rule());
            if (at.isEmpty()) {
                byDeadline.remove(lease.expiresAt());
            }
        }
    }
}
