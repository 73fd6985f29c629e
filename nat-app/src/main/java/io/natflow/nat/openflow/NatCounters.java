package io.natflow.nat.openflow;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.service.NatEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One router's event counters: a Dropwizard meter per {@link NatEvent}, all registered at
 * construction as {@code natflow.router.<router>.<kind>.<label>} (count and per-second rates).
 */
public final class NatCounters {
    /** Registry name prefix; the Prometheus mapping reads it back. */
    public static final String PREFIX = "natflow.router.";

    private final String router;
    private static final int MAX_ANSWER_KEYS = 1024;

    private final Map<NatEvent, Meter> meters = new EnumMap<>(NatEvent.class);
    private final Map<String, java.util.concurrent.atomic.LongAdder> answers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Counters of router {@code router}, registered in {@code registry} now. */
    public NatCounters(String router, MetricRegistry registry) {
        this.router = router;
        for (NatEvent e : NatEvent.values()) {
            meters.put(e, registry.meter(name(router, e)));
        }
    }

    /** Counters in a registry of their own (tests, tools). */
    public NatCounters() {
        this("default", new MetricRegistry());
    }

    public static String name(String router, NatEvent e) {
        return PREFIX + router + "." + e.kind().name().toLowerCase(java.util.Locale.ROOT) + "." + e.label();
    }

    public String router() {
        return router;
    }

    public void count(NatEvent e) {
        meters.get(e).mark();
    }

    public void count(NatEvent e, long n) {
        if (n > 0) {
            meters.get(e).mark(n);
        }
    }

    public void drop(DropReason reason) {
        count(NatEvents.of(reason));
    }

    void drop(RouterDrop reason) {
        count(NatEvents.of(reason));
    }

    void drop(ArpDrop reason) {
        count(NatEvents.of(reason));
    }

    void drop(MartianDrop reason) {
        count(NatEvents.of(reason));
    }

    public void drop(MalformedPacketException.Reason reason) {
        count(NatEvents.of(reason));
    }

    public void refused(RefuseReason reason) {
        count(NatEvents.of(reason));
    }

    /** A PCP / NAT-PMP answer, by protocol, opcode and result: a bounded set of names. */
    void pcpAnswer(String protocol, String opcode, String result) {
        if (answers.size() < MAX_ANSWER_KEYS) {
            answers.computeIfAbsent(protocol + ".request." + opcode, k -> new java.util.concurrent.atomic.LongAdder())
                    .increment();
            answers.computeIfAbsent(protocol + ".result." + result, k -> new java.util.concurrent.atomic.LongAdder())
                    .increment();
        }
    }

    public long get(NatEvent e) {
        return meters.get(e).getCount();
    }

    /** The count under a counters-map key ("drop.NO_MAPPING"), 0 for an unknown key. */
    public long get(String key) {
        return snapshot().getOrDefault(key, 0L);
    }

    /** One-minute rate of an event, per second. */
    public double rate(NatEvent e) {
        return meters.get(e).getOneMinuteRate();
    }

    /** The non-zero counts by key, sorted, as {@code /api/stats} shows them. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        meters.forEach((e, m) -> {
            if (m.getCount() != 0) {
                out.put(e.key(), m.getCount());
            }
        });
        answers.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
