/**
 * Several natflow instances on one ZooKeeper ensemble, through Curator: {@link
 * io.natflow.cluster.ClusterConnection} (the session), {@link io.natflow.cluster.InstanceRegistry}
 * (who is alive and where its REST API is), {@link io.natflow.cluster.MastershipService} (one
 * master per datapath, with a generation id for OpenFlow ROLE_REQUEST) and {@link
 * io.natflow.cluster.SharedDocument} (a versioned, watched document such as the forwards).
 * Knows nothing of OpenFlow or NAT: datapath ids are plain longs.
 */
package io.natflow.cluster;
