package io.natflow.rest.stats;

import io.natflow.nat.openflow.NatCounters;
import io.natflow.rest.api.Routers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stats from the routers' cores, the NAT's counters and the rate sampler. */
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
        List<StatsView.RouterStats> switches = new ArrayList<>();
        Map<String, Long> byProtocol = new LinkedHashMap<>();
        long mappings = 0;
        for (Routers.Router r : routers.all()) {
            RouterUsage u = RouterUsage.of(r.router());
            mappings += u.mappings();
            u.mappingsByProtocol().forEach((k, v) -> byProtocol.merge(k, v, Long::sum));
            switches.add(new StatsView.RouterStats(r.switchId(), routers.app().isConnected(r.datapathId()),
                    r.router().gatewayResolved(), u.mappings(), u.mappingsByProtocol(), r.router().sessionCount(),
                    u.forwards(), u.quarantinedPorts(), u.ports()));
        }
        NatCounters c = routers.app().counters();
        Map<String, Long> drops = new TreeMap<>();
        c.snapshot().forEach((k, v) -> {
            if (k.startsWith(DROP)) {
                drops.put(k.substring(DROP.length()), v);
            }
        });
        StatsView.Totals totals = new StatsView.Totals(c.get("packet_in"), c.get("sent.flow_mod"),
                c.get("sent.packet_out"), c.get("slow_path"), c.get("inbound_session_setup"), c.get("session_setup"),
                c.get("mapping_expired"), c.get("mapping_removed_by_switch"));
        return new StatsView(clock.instant(), mappings, byProtocol, rates.rates(), totals, drops, switches);
    }
}
