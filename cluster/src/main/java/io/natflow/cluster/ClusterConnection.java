package io.natflow.cluster;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's ZooKeeper session, through one Curator client. Operations retry with backoff
 * (100 ms up to 1 s) while the ensemble is unreachable; the session timeout is the config's.
 * Connection-state errors are session-based: a recipe loses its ephemeral nodes' meaning only
 * when the session is LOST (Curator declares it after a whole session timeout SUSPENDED).
 */
public final class ClusterConnection implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);

    private final ClusterConfig config;
    private final CuratorFramework client;
    private final ClusterPaths paths;
    /** The last connection state Curator reported: CONNECTED, SUSPENDED or LOST (RECONNECTED counts as CONNECTED). */
    private volatile String state = "CONNECTED";

    private ClusterConnection(ClusterConfig config, CuratorFramework client) {
        this.config = config;
        this.client = client;
        this.paths = new ClusterPaths(config.root());
        client.getConnectionStateListenable()
                .addListener((c, newState) -> state = newState.isConnected() ? "CONNECTED" : newState.name());
    }

    /** CONNECTED, SUSPENDED (no server for 2/3 of the session timeout) or LOST (the session expired). */
    public String state() {
        return state;
    }

    /**
     * Connects and waits up to {@code wait} for the first connection.
     *
     * @throws IllegalStateException if no server answered in time
     */
    public static ClusterConnection open(ClusterConfig config, Duration wait) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(config.connectString())
                .sessionTimeoutMs(Math.toIntExact(config.sessionTimeout().toMillis()))
                .connectionTimeoutMs(Math.toIntExact(config.connectionTimeout().toMillis()))
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 1000, 29))
                // Recipes give up leadership only when the session is LOST, not on every SUSPENDED:
                // losing one ZooKeeper server of three must not move every switch. Writes still
                // stop on SUSPENDED (MastershipService), and resume with a fresh generation id.
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .build();
        client.start();
        if (!client.blockUntilConnected(Math.toIntExact(wait.toMillis()), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new IllegalStateException(
                    "no ZooKeeper server of " + config.connectString() + " answered within " + wait);
        }
        LOG.info(
                "connected to ZooKeeper {} as instance {} (session timeout asked {} ms, granted {} ms)",
                config.connectString(),
                config.instanceId(),
                config.sessionTimeout().toMillis(),
                negotiatedSessionTimeoutMillis(client));
        return new ClusterConnection(config, client);
    }

    private static int negotiatedSessionTimeoutMillis(CuratorFramework client) {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionTimeout();
        } catch (Exception e) {
            return -1;
        }
    }

    /** What the servers granted: more than asked if their minSessionTimeout is higher; -1 if unknown. */
    public int negotiatedSessionTimeoutMillis() {
        return negotiatedSessionTimeoutMillis(client);
    }

    public ClusterConfig config() {
        return config;
    }

    CuratorFramework client() {
        return client;
    }

    ClusterPaths paths() {
        return paths;
    }

    @Override
    public void close() {
        client.close();
    }
}
