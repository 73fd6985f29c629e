package io.natflow.nat.openflow;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Event counters for statistics: packet-ins, messages sent, slow-path packets, and drops by
 * reason. Keys are enum names, grouped with a prefix ("drop.", "sent.").
 */
public final class NatCounters {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public void add(String key, long n) {
        counters.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    public void drop(Enum<?> reason) {
        increment("drop." + reason.name());
    }

    public long get(String key) {
        LongAdder adder = counters.get(key);
        return adder == null ? 0 : adder.sum();
    }

    /** A sorted copy, for the REST API and logs. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
