package io.natflow.rest.stats;

import io.natflow.nat.service.NatService;
import io.natflow.nat.service.RouterStatus;
import io.natflow.nat.service.RouterUsage;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.Routers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stats from the NAT service: each router's status and port use, the counters and the rate sampler. */
public final class NatStatsService implements StatsService {
    private static final String DROP = "drop.";

    private final Routers routers;
    private final RateSampler rates;
    private final Clock clock;

    public NatStatsService(Routers routers, RateSampler rates, Clock clock) {
        this.routers = routers;
        this.rates = rates;
        this.clock = clock;
    }

    @Override
    public StatsView stats() {
        NatService nat = routers.nat();
        List<StatsView.RouterStats> switches = new ArrayList<>();
        Map<String, Long> byProtocol = new LinkedHashMap<>();
        long mappings = 0;
        for (Routers.Router r : routers.all()) {
            RouterUsage u = Await.result(nat.usage(r.datapathId()));
            RouterStatus s = Await.result(nat.status(r.datapathId()));
            mappings += u.mappings();
            u.mappingsByProtocol().forEach((k, v) -> byProtocol.merge(k, v, Long::sum));
            switches.add(new StatsView.RouterStats(
                    r.switchId(),
                    s.connected(),
                    s.gatewayResolved(),
                    u.mappings(),
                    u.mappingsByProtocol(),
                    s.sessions(),
                    u.forwards(),
                    u.quarantinedPorts(),
                    PortUsages.of(u)));
        }
        Map<String, Long> c = nat.counters();
        Map<String, Long> drops = new TreeMap<>();
        c.forEach((k, v) -> {
            if (k.startsWith(DROP)) {
                drops.put(k.substring(DROP.length()), v);
            }
        });
        StatsView.Totals totals = new StatsView.Totals(
                get(c, "packet_in"),
                get(c, "sent.flow_mod"),
                get(c, "sent.packet_out"),
                get(c, "slow_path"),
                get(c, "inbound_session_setup"),
                get(c, "session_setup"),
                get(c, "mapping_expired"),
                get(c, "mapping_removed_by_switch"));
        return new StatsView(clock.instant(), mappings, byProtocol, rates.rates(), totals, drops, switches);
    }

    private static long get(Map<String, Long> counters, String key) {
        return counters.getOrDefault(key, 0L);
    }
}
