package io.natflow.cluster;

/** Test access to a connection's ZooKeeper session (package access to the Curator client). */
public final class Sessions {
    private Sessions() {}

    /**
     * Makes the client see its session expire, as after a long pause or a network cut: Curator
     * reports LOST, then opens a new session; the server drops the old one's ephemeral nodes.
     */
    public static void expire(ClusterConnection connection) throws Exception {
        connection.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    }
}
