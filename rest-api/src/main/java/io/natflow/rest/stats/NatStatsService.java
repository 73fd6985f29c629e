package io.natflow.rest.stats;

import io.natflow.nat.service.EventCounts;
import io.natflow.nat.service.NatEvent;
import io.natflow.nat.service.NatService;
import io.natflow.nat.service.PortPoolUsage;
import io.natflow.nat.service.RouterStatus;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.RouterDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stats from the NAT service: each router's status and port use, the event counts and their meters' rates. */
public final class NatStatsService implements StatsService {
    private static final String DROP = "drop.";

    private final RouterDirectory routers;
    private final Clock clock;

    /** The minute over which a meter's one-minute rate is averaged. */
    private static final double RATE_WINDOW_SECONDS = 60;

    public NatStatsService(RouterDirectory routers, Clock clock) {
        this.routers = routers;
        this.clock = clock;
    }

    @Override
    public StatsView stats() {
        NatService nat = routers.nat();
        List<StatsView.RouterStats> switches = new ArrayList<>();
        Map<String, Long> byProtocol = new LinkedHashMap<>();
        long mappings = 0;
        for (RouterDirectory.Router r : routers.all()) {
            PortPoolUsage u = Await.result(nat.usage(r.datapathId()));
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
        EventCounts e = nat.events();
        Map<String, Long> drops = new TreeMap<>();
        e.counts().forEach((event, n) -> {
            if (n != 0 && event.key().startsWith(DROP)) {
                drops.put(event.key().substring(DROP.length()), n);
            }
        });
        StatsView.Totals totals = new StatsView.Totals(
                e.count(NatEvent.PACKET_IN),
                e.count(NatEvent.SENT_FLOW_MOD),
                e.count(NatEvent.SENT_PACKET_OUT),
                e.count(NatEvent.SLOW_PATH),
                e.count(NatEvent.INBOUND_SESSION_SETUP),
                e.count(NatEvent.SESSION_SETUP),
                e.count(NatEvent.MAPPING_EXPIRED),
                e.count(NatEvent.MAPPING_REMOVED_BY_SWITCH));
        StatsView.Rates rates = new StatsView.Rates(
                round(e.rate(NatEvent.PACKET_IN)),
                round(e.rate(NatEvent.SENT_FLOW_MOD)),
                round(e.rate(NatEvent.SENT_PACKET_OUT)),
                RATE_WINDOW_SECONDS);
        return new StatsView(clock.instant(), mappings, byProtocol, rates, totals, drops, switches);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
