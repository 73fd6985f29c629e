package io.natflow.nat.service;

import java.util.concurrent.CompletableFuture;

/** The cluster side of the NAT for REST, metrics and health checks (alone: a cluster of one). */
public interface ClusterService {

    /** Instances and per-switch mastership (reads the coordination service off the caller's thread). */
    CompletableFuture<ClusterStatus> status();

    /** Where a request about the switch's mappings is answered (may read the coordination service). */
    CompletableFuture<SwitchRoute> route(long datapathId);

    MastershipCounts counts();
}
