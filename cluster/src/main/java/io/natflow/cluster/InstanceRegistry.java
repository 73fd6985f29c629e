package io.natflow.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces this instance with an ephemeral znode (Curator's PersistentNode re-creates it after a
 * new session) and lists the live ones. A node that does not parse is skipped and logged.
 */
public final class InstanceRegistry implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRegistry.class);

    private final ClusterConnection connection;
    private final ClusterInstance self;
    private final PersistentNode node;

    public InstanceRegistry(ClusterConnection connection, Clock clock) {
        this.connection = connection;
        ClusterConfig config = connection.config();
        this.self = new ClusterInstance(config.instanceId(), config.restUrl(), clock.instant());
        this.node = new PersistentNode(
                connection.client(),
                CreateMode.EPHEMERAL,
                false,
                connection.paths().instance(self.id()),
                self.encode());
    }

    /** Creates the node; {@link #awaitRegistered} waits until it exists. */
    public void start() {
        node.start();
    }

    /** True once the node exists (false on timeout). */
    public boolean awaitRegistered(java.time.Duration timeout) throws InterruptedException {
        return node.waitForInitialCreate(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public ClusterInstance self() {
        return self;
    }

    /** The live instances, by id. Reads ZooKeeper on each call. */
    public List<ClusterInstance> instances() throws Exception {
        List<String> ids;
        try {
            ids = connection.client().getChildren().forPath(connection.paths().instances());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
        List<ClusterInstance> live = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                live.add(ClusterInstance.decode(
                        connection.client().getData().forPath(connection.paths().instance(id))));
            } catch (KeeperException.NoNodeException gone) {
                // left between the listing and the read
            } catch (IllegalArgumentException bad) {
                LOG.warn("skipping instance node {}: {}", id, bad.getMessage());
            }
        }
        live.sort(Comparator.comparing(ClusterInstance::id));
        return List.copyOf(live);
    }

    @Override
    public void close() throws IOException {
        node.close();
    }
}
