package io.natflow.rest.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.openflow.NatCounters;
import io.natflow.rest.api.Routers;
import io.natflow.rest.stats.RateSampler;
import io.natflow.rest.stats.RouterUsage;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Registers the NAT's gauges: {@code natflow.mappings[.tcp|.udp|.icmp]}, {@code natflow.sessions},
 * {@code natflow.forwards}, {@code natflow.switches.connected}, the per-second rates, one
 * {@code natflow.events.<counter>} gauge per NAT counter (drops by reason included) as it appears,
 * and the switches' packet-in meters as last read: {@code natflow.meter.<kind>.<port>.passed} and
 * {@code .dropped} (kinds sessions, icmp, arp, routes; ports by configured name), and
 * {@code natflow.meter.total.*} for the switch's controller meter; summed over routers.
 */
public final class NatMetrics {
    private final MetricRegistry registry;
    private final Routers routers;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public NatMetrics(MetricRegistry registry, Routers routers) {
        this.registry = registry;
        this.routers = routers;
    }

    public NatMetrics register(RateSampler rates) {
        registry.gauge("natflow.mappings", () -> () -> routers.all().stream()
                .mapToLong(r -> r.router().withNat(nat -> (long) nat.size())).sum());
        registry.gauge("natflow.sessions", () -> () -> routers.all().stream()
                .mapToLong(r -> r.router().sessionCount()).sum());
        registry.gauge("natflow.forwards", () -> () -> routers.all().stream()
                .mapToLong(r -> r.router().withNat(nat -> (long) nat.forwards().size())).sum());
        registry.gauge("natflow.switches.connected", () -> () -> routers.all().stream()
                .filter(r -> routers.app().isConnected(r.datapathId())).count());
        CachedGauge<Map<String, Long>> byProtocol = new CachedGauge<>(5, TimeUnit.SECONDS) {
            @Override
            protected Map<String, Long> loadValue() {
                Map<String, Long> out = new HashMap<>();
                routers.all().forEach(r -> RouterUsage.mappingsByProtocol(r.router())
                        .forEach((k, v) -> out.merge(k, v, Long::sum)));
                return out;
            }
        };
        for (String protocol : new String[] {"tcp", "udp", "icmp"}) {
            registry.gauge("natflow.mappings." + protocol, () -> () -> byProtocol.getValue().getOrDefault(protocol, 0L));
        }
        registry.gauge("natflow.rate.packet_in", () -> () -> rates.rates().packetInsPerSecond());
        registry.gauge("natflow.rate.flow_mod", () -> () -> rates.rates().flowModsPerSecond());
        registry.gauge("natflow.rate.packet_out", () -> () -> rates.rates().packetOutsPerSecond());
        registerCounters();
        return this;
    }

    /** Adds a gauge for every NAT counter and meter seen so far; call periodically (they appear lazily). */
    public void registerCounters() {
        NatCounters counters = routers.app().counters();
        for (String key : counters.snapshot().keySet()) {
            if (registered.add(key)) {
                registry.register("natflow.events." + key, (Gauge<Long>) () -> counters.get(key));
            }
        }
        routers.all().forEach(r -> r.router().meterReadings().keySet().forEach(this::registerMeter));
    }

    private void registerMeter(String label) {
        if (registered.add("meter." + label)) {
            registry.register("natflow.meter." + label + ".passed", (Gauge<Long>) () -> meterSum(label, true));
            registry.register("natflow.meter." + label + ".dropped", (Gauge<Long>) () -> meterSum(label, false));
        }
    }

    private long meterSum(String label, boolean passed) {
        return routers.all().stream().mapToLong(r -> {
            long[] reading = r.router().meterReadings().get(label);
            return reading == null ? 0 : passed ? reading[0] - reading[1] : reading[1];
        }).sum();
    }
}
