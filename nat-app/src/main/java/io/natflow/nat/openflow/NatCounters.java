package io.natflow.nat.openflow;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.pcp.Answer;
import io.natflow.nat.service.EventCounts;
import io.natflow.nat.service.NatEvent;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One router's event counters: a Dropwizard meter per {@link NatEvent} and per PCP / NAT-PMP
 * request and result, all registered at construction under {@code natflow.router.<router>.}:
 * {@code <kind>.<label>} for events, drops and refusals, {@code pcp_request.<protocol>.<opcode>}
 * and {@code pcp_result.<protocol>.<result>} (the Prometheus export turns them into labels).
 * Meters are thread-safe: the router's loop marks them, anyone may read them.
 */
public final class NatCounters {
    /** Registry name prefix; the Prometheus mapping reads it back. */
    public static final String PREFIX = "natflow.router.";

    private final String router;
    private final Map<NatEvent, Meter> meters = new EnumMap<>(NatEvent.class);
    private final Map<Answer.Request, Meter> pcpRequests = new EnumMap<>(Answer.Request.class);
    private final Map<Answer.Result, Meter> pcpResults = new EnumMap<>(Answer.Result.class);

    /**
     * Counters of router {@code router} (a datapath id as 16 hex digits), registered in
     * {@code registry} now; their rates run on {@code clock}.
     */
    public NatCounters(String router, MetricRegistry registry, Clock clock) {
        this.router = router;
        for (NatEvent e : NatEvent.values()) {
            meters.put(e, registry.meter(name(router, e), () -> new Meter(clock)));
        }
        for (Answer.Request r : Answer.Request.values()) {
            pcpRequests.put(r, registry.meter(pcpName(router, "pcp_request.", r), () -> new Meter(clock)));
        }
        for (Answer.Result r : Answer.Result.values()) {
            pcpResults.put(r, registry.meter(pcpName(router, "pcp_result.", r), () -> new Meter(clock)));
        }
    }

    /** Counters in a registry of their own on the system clock (tests, tools). */
    public NatCounters() {
        this("default", new MetricRegistry(), Clock.defaultClock());
    }

    /** A Dropwizard clock that reads {@code millis} (epoch milliseconds): the application's one clock. */
    public static Clock clock(LongSupplier millis) {
        return new Clock() {
            @Override
            public long getTick() {
                return millis.getAsLong() * 1_000_000L;
            }

            @Override
            public long getTime() {
                return millis.getAsLong();
            }
        };
    }

    public static String name(String router, NatEvent e) {
        return PREFIX + router + "." + lower(e.kind().name()) + "." + e.label();
    }

    private static String pcpName(String router, String kind, Answer.Counted c) {
        return PREFIX + router + "." + kind + c.protocol().label() + "." + lower(c.code());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
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

    void drop(PacketInDrop reason) {
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

    /** A PCP / NAT-PMP request answered (or dropped). */
    void pcpAnswer(Answer.Request request, Answer.Result result) {
        pcpRequests.get(request).mark();
        pcpResults.get(result).mark();
    }

    public long get(NatEvent e) {
        return meters.get(e).getCount();
    }

    /** The count under a counters-map key ("drop.NO_MAPPING", "pcp.request.MAP"), 0 for an unknown key. */
    public long get(String key) {
        return snapshot().byKey().getOrDefault(key, 0L);
    }

    long get(Answer.Request request) {
        return pcpRequests.get(request).getCount();
    }

    long get(Answer.Result result) {
        return pcpResults.get(result).getCount();
    }

    /** Every count and one-minute rate now, zeros included. */
    public EventCounts snapshot() {
        Map<NatEvent, Long> counts = new EnumMap<>(NatEvent.class);
        Map<NatEvent, Double> rates = new EnumMap<>(NatEvent.class);
        meters.forEach((e, m) -> {
            counts.put(e, m.getCount());
            rates.put(e, m.getOneMinuteRate());
        });
        Map<String, Long> pcp = new TreeMap<>();
        pcpRequests.forEach((r, m) -> pcp.put(r.protocol().label() + ".request." + r.code(), m.getCount()));
        pcpResults.forEach((r, m) -> pcp.put(r.protocol().label() + ".result." + r.code(), m.getCount()));
        return new EventCounts(counts, rates, pcp);
    }
}
