package io.natflow.rest.metrics;

import com.codahale.metrics.MetricRegistry;
import io.natflow.nat.service.ClusterService;

/**
 * Mastership of switches as gauges {@code natflow.cluster.<name>}: role requests sent, granted,
 * stale, refused; demotions; masterships gained and lost; switch events ignored (not master).
 */
public final class ClusterMetrics {
    private ClusterMetrics() {}

    public static void register(MetricRegistry registry, ClusterService cluster) {
        registry.gauge(
                "natflow.cluster.role_requests_sent",
                () -> () -> cluster.counts().roleRequestsSent());
        registry.gauge(
                "natflow.cluster.role_requests_granted",
                () -> () -> cluster.counts().roleRequestsGranted());
        registry.gauge(
                "natflow.cluster.role_requests_stale",
                () -> () -> cluster.counts().roleRequestsStale());
        registry.gauge(
                "natflow.cluster.role_requests_refused",
                () -> () -> cluster.counts().roleRequestsRefused());
        registry.gauge("natflow.cluster.demotions", () -> () -> cluster.counts().demotions());
        registry.gauge(
                "natflow.cluster.mastership_gained",
                () -> () -> cluster.counts().mastershipsGained());
        registry.gauge(
                "natflow.cluster.mastership_lost", () -> () -> cluster.counts().mastershipsLost());
        registry.gauge(
                "natflow.cluster.events_ignored_not_master",
                () -> () -> cluster.counts().eventsIgnoredNotMaster());
    }
}
