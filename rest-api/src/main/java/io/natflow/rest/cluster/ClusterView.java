package io.natflow.rest.cluster;

import io.natflow.nat.service.ClusterMember;
import io.natflow.nat.service.ClusterStatus;
import io.natflow.nat.service.SwitchMastership;
import io.natflow.rest.switches.DatapathIds;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/cluster}: this instance, ZooKeeper's state (DISABLED alone), the
 * live instances and who masters each switch since when, with this instance's role on it.
 */
public record ClusterView(String self, String zookeeper, List<Instance> instances, List<Switch> switches) {

    public record Instance(String id, String restUrl, Instant since) {}

    /** {@code master} is null while no instance masters the switch (then generation 0, since null). */
    public record Switch(String datapathId, String master, long generation, Instant since, String localRole) {}

    public static ClusterView of(ClusterStatus status) {
        return new ClusterView(
                status.self(),
                status.coordination(),
                status.instances().stream().map(ClusterView::instance).toList(),
                status.switches().stream().map(ClusterView::sw).toList());
    }

    private static Instance instance(ClusterMember m) {
        return new Instance(m.id(), m.restUrl(), Instant.ofEpochMilli(m.sinceMillis()));
    }

    private static Switch sw(SwitchMastership s) {
        return s.master()
                .map(m -> new Switch(
                        DatapathIds.format(s.datapathId()),
                        m.instanceId(),
                        m.generationId(),
                        Instant.ofEpochMilli(m.sinceMillis()),
                        s.localRole()))
                .orElseGet(() -> new Switch(DatapathIds.format(s.datapathId()), null, 0, null, s.localRole()));
    }
}
