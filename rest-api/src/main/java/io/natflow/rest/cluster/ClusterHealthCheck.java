package io.natflow.rest.cluster;

import com.codahale.metrics.health.HealthCheck;
import io.natflow.nat.service.ClusterService;
import io.natflow.nat.service.ClusterStatus;
import io.natflow.nat.service.SwitchMastership;
import io.natflow.rest.api.Await;
import io.natflow.rest.switches.DatapathIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Healthy when ZooKeeper is connected, every switch connected here has a master, and this
 * instance's role on each agrees with ZooKeeper (MASTER exactly where it is the master).
 */
public final class ClusterHealthCheck extends HealthCheck {
    private final ClusterService cluster;

    public ClusterHealthCheck(ClusterService cluster) {
        this.cluster = cluster;
    }

    @Override
    protected Result check() {
        ClusterStatus status = Await.result(cluster.status());
        if (!"CONNECTED".equals(status.coordination())) {
            return Result.unhealthy("ZooKeeper " + status.coordination());
        }
        List<String> problems = new ArrayList<>();
        for (SwitchMastership s : status.switches()) {
            if ("NONE".equals(s.localRole())) {
                continue;
            }
            String dpid = DatapathIds.format(s.datapathId());
            if (s.master().isEmpty()) {
                problems.add(dpid + " has no master");
                continue;
            }
            boolean ours = s.master().get().instanceId().equals(status.self());
            if (ours != "MASTER".equals(s.localRole())) {
                problems.add(dpid + ": master " + s.master().get().instanceId() + " but our role is " + s.localRole());
            }
        }
        return problems.isEmpty()
                ? Result.healthy(status.switches().size() + " switch(es), "
                        + status.instances().size() + " instance(s)")
                : Result.unhealthy(String.join("; ", problems));
    }
}
