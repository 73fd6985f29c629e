package io.natflow.rest.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.service.EventCounts;
import io.natflow.nat.service.NatEvent;
import io.natflow.nat.service.NatService;
import io.natflow.nat.service.RouterStatus;
import io.natflow.rest.api.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the NAT's gauges: {@code natflow.mappings[.tcp|.udp|.icmp]}, {@code natflow.sessions},
 * {@code natflow.forwards}, {@code natflow.switches.connected}, the per-second rates (one-minute
 * rates of the routers' meters), one {@code natflow.events.<counter>} gauge per NAT counter
 * (drops by reason and PCP answers included; all registered now), and the switches' packet-in
 * meters as last read: {@code natflow.meter.<kind>.<port>.passed} and {@code .dropped} (kinds
 * sessions, icmp, arp, routes; ports by configured name; registered as they first appear), and
 * {@code natflow.meter.total.*} for the switch's controller meter; all summed over routers. Each
 * router's own counts are its meters ({@code natflow.router.<datapath id>.*}, see
 * {@link PrometheusExport} for their labelled names). The routers' statuses are read once a
 * second at most (one task per router on its loop), whatever the number of gauges and scrapes.
 */
public final class NatMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(NatMetrics.class);

    private final MetricRegistry registry;
    private final NatService nat;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final CachedGauge<EventCounts> events = new CachedGauge<>(1, TimeUnit.SECONDS) {
        @Override
        protected EventCounts loadValue() {
            return nat.events();
        }
    };
    private final CachedGauge<List<RouterStatus>> statuses = new CachedGauge<>(1, TimeUnit.SECONDS) {
        @Override
        protected List<RouterStatus> loadValue() {
            List<RouterStatus> out = new ArrayList<>();
            for (long id : nat.routerIds()) {
                try {
                    out.add(Await.result(nat.status(id)));
                } catch (RuntimeException e) {
                    LOG.debug("no status of router {} for the metrics: {}", Long.toHexString(id), e.toString());
                }
            }
            return out;
        }
    };

    public NatMetrics(MetricRegistry registry, NatService nat) {
        this.registry = registry;
        this.nat = nat;
    }

    public NatMetrics register() {
        registry.gauge(
                "natflow.mappings",
                () -> () -> statuses.getValue().stream()
                        .mapToLong(RouterStatus::mappings)
                        .sum());
        registry.gauge(
                "natflow.sessions",
                () -> () -> statuses.getValue().stream()
                        .mapToLong(RouterStatus::sessions)
                        .sum());
        registry.gauge(
                "natflow.forwards",
                () -> () -> statuses.getValue().stream()
                        .mapToLong(RouterStatus::forwards)
                        .sum());
        registry.gauge(
                "natflow.switches.connected",
                () -> () -> nat.routerIds().stream().filter(nat::connected).count());
        for (String protocol : new String[] {"tcp", "udp", "icmp"}) {
            registry.gauge(
                    "natflow.mappings." + protocol,
                    () -> () -> statuses.getValue().stream()
                            .mapToLong(s -> s.mappingsByProtocol().getOrDefault(protocol, 0L))
                            .sum());
        }
        registry.gauge("natflow.rate.packet_in", () -> () -> events.getValue().rate(NatEvent.PACKET_IN));
        registry.gauge("natflow.rate.flow_mod", () -> () -> events.getValue().rate(NatEvent.SENT_FLOW_MOD));
        registry.gauge("natflow.rate.packet_out", () -> () -> events.getValue().rate(NatEvent.SENT_PACKET_OUT));
        for (String key : nat.events().byKey().keySet()) {
            registry.register("natflow.events." + key, (Gauge<Long>)
                    () -> events.getValue().byKey().getOrDefault(key, 0L));
        }
        registerSwitchMeters();
        return this;
    }

    /** Adds gauges for the switches' packet-in meters read so far; call periodically (they appear as read). */
    public void registerSwitchMeters() {
        statuses.getValue().forEach(s -> s.meters().keySet().forEach(this::registerMeter));
    }

    private void registerMeter(String label) {
        if (registered.add("meter." + label)) {
            registry.register("natflow.meter." + label + ".passed", (Gauge<Long>) () -> meterSum(label, true));
            registry.register("natflow.meter." + label + ".dropped", (Gauge<Long>) () -> meterSum(label, false));
        }
    }

    private long meterSum(String label, boolean passed) {
        return statuses.getValue().stream()
                .mapToLong(s -> {
                    RouterStatus.MeterReading r = s.meters().get(label);
                    return r == null ? 0 : passed ? r.passed() : r.dropped();
                })
                .sum();
    }
}
