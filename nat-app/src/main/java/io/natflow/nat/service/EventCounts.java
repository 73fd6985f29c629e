package io.natflow.nat.service;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Event counts since start and their one-minute rates (per second, exponentially weighted, as
 * Dropwizard meters keep them), of one router or summed over routers.
 *
 * @param counts every {@link NatEvent}, zeros included
 * @param rates  every {@link NatEvent}'s one-minute rate, per second
 * @param pcp    PCP / NAT-PMP answers by "protocol.request.OPCODE" and "protocol.result.RESULT"
 */
public record EventCounts(Map<NatEvent, Long> counts, Map<NatEvent, Double> rates, Map<String, Long> pcp) {
    public EventCounts {
        counts = Map.copyOf(counts);
        rates = Map.copyOf(rates);
        pcp = Map.copyOf(pcp);
    }

    /** Nothing counted (no routers). */
    public static EventCounts none() {
        return new EventCounts(Map.of(), Map.of(), Map.of());
    }

    public long count(NatEvent e) {
        return counts.getOrDefault(e, 0L);
    }

    public double rate(NatEvent e) {
        return rates.getOrDefault(e, 0.0);
    }

    /** Both summed: counts, rates and PCP answers of two routers. */
    public EventCounts plus(EventCounts other) {
        Map<NatEvent, Long> c = new EnumMap<>(NatEvent.class);
        Map<NatEvent, Double> r = new EnumMap<>(NatEvent.class);
        Map<String, Long> p = new TreeMap<>(pcp);
        c.putAll(counts);
        r.putAll(rates);
        other.counts.forEach((k, v) -> c.merge(k, v, Long::sum));
        other.rates.forEach((k, v) -> r.merge(k, v, Double::sum));
        other.pcp.forEach((k, v) -> p.merge(k, v, Long::sum));
        return new EventCounts(c, r, p);
    }

    /** Every count by its counters-map key ({@link NatEvent#key()} or a PCP key), sorted. */
    public Map<String, Long> byKey() {
        Map<String, Long> out = new TreeMap<>(pcp);
        counts.forEach((e, v) -> out.put(e.key(), v));
        return out;
    }
}
