package io.natflow.nat.service;

import java.util.List;

/** The cluster as this instance sees it: itself, the coordination state, the instances and the switches. */
public record ClusterStatus(
        String self, String coordination, List<ClusterMember> instances, List<SwitchMastership> switches) {
    public ClusterStatus {
        instances = List.copyOf(instances);
        switches = List.copyOf(switches);
    }
}
