/**
 * Several natflow instances: {@code GET /api/cluster}, the proxy that sends a request about a
 * switch's mappings to its master, the cluster health check, and {@link
 * io.natflow.rest.cluster.ZooKeeperMastership}, the nat-app {@code Mastership} over ZooKeeper.
 */
package io.natflow.rest.cluster;
