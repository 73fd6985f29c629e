package io.natflow.rest.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.service.NatService;
import io.natflow.nat.service.RouterStatus;
import io.natflow.rest.api.Await;
import io.natflow.rest.stats.RateSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the NAT's gauges: {@code natflow.mappings[.tcp|.udp|.icmp]}, {@code natflow.sessions},
 * {@code natflow.forwards}, {@code natflow.switches.connected}, the per-second rates, one
 * {@code natflow.events.<counter>} gauge per NAT counter (drops by reason included) as it appears,
 * and the switches' packet-in meters as last read: {@code natflow.meter.<kind>.<port>.passed} and
 * {@code .dropped} (kinds sessions, icmp, arp, routes; ports by configured name), and
 * {@code natflow.meter.total.*} for the switch's controller meter; summed over routers.
 * The routers' statuses are read once a second at most (one task per router on its loop),
 * whatever the number of gauges and scrapes.
 */
public final class NatMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(NatMetrics.class);

    private final MetricRegistry registry;
    private final NatService nat;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
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

    public NatMetrics register(RateSampler rates) {
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
        registry.gauge("natflow.rate.packet_in", () -> () -> rates.rates().packetInsPerSecond());
        registry.gauge("natflow.rate.flow_mod", () -> () -> rates.rates().flowModsPerSecond());
        registry.gauge("natflow.rate.packet_out", () -> () -> rates.rates().packetOutsPerSecond());
        registerCounters();
        return this;
    }

    /** Adds a gauge for every NAT counter and meter seen so far; call periodically (they appear lazily). */
    public void registerCounters() {
        for (String key : nat.counters().keySet()) {
            if (registered.add(key)) {
                registry.register("natflow.events." + key, (Gauge<Long>)
                        () -> nat.counters().getOrDefault(key, 0L));
            }
        }
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
