package io.natflow.rest.cluster;

import io.dropwizard.lifecycle.Managed;
import io.natflow.cluster.ClusterConfig;
import io.natflow.cluster.ClusterConnection;
import io.natflow.cluster.InstanceRegistry;
import io.natflow.cluster.SharedDocument;
import io.natflow.rest.forwards.ZooKeeperForwardStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part of a cluster, from the {@code cluster:} section: the ZooKeeper session,
 * its registration, the per-switch elections ({@link ZooKeeperMastership}) and the shared forward
 * store. Stopping it leaves every election first, so the other instances take over at once.
 */
public final class ClusterRuntime implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRuntime.class);
    /** How long startup waits for a first ZooKeeper server before it gives up. */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(15);

    private final ClusterConnection connection;
    private final InstanceRegistry registry;
    private final ZooKeeperMastership mastership;
    private final SharedDocument forwardsDocument;
    private final ZooKeeperForwardStore forwardStore;
    /** Re-reads of the shared forwards after a change: off ZooKeeper's event thread, one at a time. */
    private final ExecutorService resyncs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "natflow-forwards-resync");
        t.setDaemon(true);
        return t;
    });

    private ClusterRuntime(ClusterConnection connection, Clock clock) throws InterruptedException {
        this.connection = connection;
        this.registry = new InstanceRegistry(connection, clock);
        registry.start();
        if (!registry.awaitRegistered(CONNECT_WAIT)) {
            throw new IllegalStateException("could not register instance "
                    + connection.config().instanceId() + " in ZooKeeper within " + CONNECT_WAIT);
        }
        this.mastership = new ZooKeeperMastership(connection, registry, clock);
        this.forwardsDocument = SharedDocument.forwards(connection);
        this.forwardStore = new ZooKeeperForwardStore(forwardsDocument);
    }

    /**
     * Connects to ZooKeeper and registers this instance.
     *
     * @throws IllegalStateException if no ZooKeeper server answers within {@link #CONNECT_WAIT}
     */
    public static ClusterRuntime start(ClusterConfig config, Clock clock) {
        try {
            ClusterConnection connection = ClusterConnection.open(config, CONNECT_WAIT);
            LOG.info(
                    "instance {} in cluster {} (root {}), REST at {}",
                    config.instanceId(),
                    config.connectString(),
                    config.root(),
                    config.restUrl());
            return new ClusterRuntime(connection, clock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to ZooKeeper", e);
        }
    }

    public ZooKeeperMastership mastership() {
        return mastership;
    }

    public ZooKeeperForwardStore forwardStore() {
        return forwardStore;
    }

    public String self() {
        return connection.config().instanceId();
    }

    /** Watches the shared forwards: every new version, from any instance, runs {@code resync} (one at a time). */
    public void watchForwards(Runnable resync) {
        forwardStore.onChange(() -> resyncs.execute(resync));
        forwardsDocument.start();
    }

    @Override
    public void stop() throws Exception {
        resyncs.shutdownNow();
        forwardsDocument.close();
        mastership.close(); // leaves the elections: the others take over without waiting for the session
        registry.close();
        connection.close();
    }
}
