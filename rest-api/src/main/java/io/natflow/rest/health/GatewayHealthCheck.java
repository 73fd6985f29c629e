package io.natflow.rest.health;

import com.codahale.metrics.health.HealthCheck;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.service.RouterStatus;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.RouterDirectory;
import java.util.ArrayList;
import java.util.List;

/**
 * Unhealthy when a connected NAT router has not resolved its upstream gateway's MAC address:
 * outbound traffic cannot leave until it has. A router whose switch is not connected is not
 * counted here (see the {@code switches} check).
 */
public final class GatewayHealthCheck extends HealthCheck {
    private final RouterDirectory routers;

    public GatewayHealthCheck(RouterDirectory routers) {
        this.routers = routers;
    }

    @Override
    protected Result check() {
        List<String> unresolved = new ArrayList<>();
        int connected = 0;
        for (RouterDirectory.Router r : routers.all()) {
            RouterStatus s = Await.result(routers.nat().status(r.datapathId()));
            if (!s.connected()) {
                continue;
            }
            connected++;
            if (!s.gatewayResolved()) {
                unresolved.add(
                        r.switchId() + " (gateway " + Ipv4.format(r.settings().gatewayIp()) + ")");
            }
        }
        if (!unresolved.isEmpty()) {
            return Result.unhealthy(
                    "upstream gateway not resolved (no ARP reply yet) on: %s", String.join(", ", unresolved));
        }
        return Result.healthy("%d connected router(s), every gateway resolved", connected);
    }
}
