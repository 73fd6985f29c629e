package io.natflow.rest.health;

import com.codahale.metrics.health.HealthCheck;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.RouterDirectory;
import io.natflow.rest.stats.PortUsage;
import io.natflow.rest.stats.PortUsages;
import java.util.ArrayList;
import java.util.List;

/** Unhealthy when a public address has used more than {@code threshold} of a protocol's port range. */
public final class PortPoolHealthCheck extends HealthCheck {
    private final RouterDirectory routers;
    private final double threshold;

    public PortPoolHealthCheck(RouterDirectory routers, double threshold) {
        this.routers = routers;
        this.threshold = threshold;
    }

    @Override
    protected Result check() {
        List<String> full = new ArrayList<>();
        double worst = 0;
        for (RouterDirectory.Router r : routers.all()) {
            for (PortUsage p : PortUsages.of(Await.result(routers.nat().usage(r.datapathId())))) {
                worst = Math.max(worst, p.utilisation());
                if (p.utilisation() >= threshold) {
                    full.add(String.format(
                            "%s %s %s: %d of %d ports in use",
                            r.switchId(), p.publicAddress(), p.protocol(), p.used() + p.forwarded(), p.rangeSize()));
                }
            }
        }
        if (!full.isEmpty()) {
            return Result.unhealthy(
                    "port pool near exhaustion (>= %.0f%%): %s", threshold * 100, String.join("; ", full));
        }
        return Result.healthy("busiest port pool %.1f%% used", worst * 100);
    }
}
