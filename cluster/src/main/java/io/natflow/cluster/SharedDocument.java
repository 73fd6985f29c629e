package io.natflow.cluster;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document in one znode (the shared forwards: {@link #forwards}), read with its version,
 * written only with compare-and-set on that version, and watched: every instance's listeners
 * hear each new version (CuratorCache; after a reconnect the cache reads the node again, so a
 * listener may skip intermediate versions but always ends on the latest). Bounded in size well
 * under ZooKeeper's 1 MiB jute.maxbuffer.
 */
public final class SharedDocument implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDocument.class);
    public static final int MAX_BYTES = 512 * 1024;

    private final CuratorFramework client;
    private final String path;
    private final CuratorCache cache;
    /** Writers that read, change and write the document hold it, so they do not lose CAS races in a loop. */
    private final InterProcessMutex writers;

    private final List<Consumer<VersionedDocument>> listeners = new CopyOnWriteArrayList<>();

    public SharedDocument(ClusterConnection connection, String path) {
        this.client = connection.client();
        this.path = path;
        this.cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        this.writers = new InterProcessMutex(client, path + "-writers");
        cache.listenable()
                .addListener(CuratorCacheListener.builder()
                        .forCreatesAndChanges((before, after) -> publish(toDocument(after)))
                        .forDeletes(gone -> publish(VersionedDocument.absent()))
                        .build());
    }

    /** The shared forwards document, {@code <root>/forwards}. */
    public static SharedDocument forwards(ClusterConnection connection) {
        return new SharedDocument(connection, connection.paths().forwards());
    }

    /** Starts watching; listeners added before hear the current version as a change. */
    public void start() {
        cache.start();
    }

    /** Hears every new version, on Curator's event thread: must not block. */
    public void addListener(Consumer<VersionedDocument> listener) {
        listeners.add(listener);
    }

    public String path() {
        return path;
    }

    /** The current document, read from ZooKeeper; {@link VersionedDocument#absent()} if none yet. */
    public VersionedDocument read() throws Exception {
        Stat stat = new Stat();
        try {
            byte[] data = client.getData().storingStatIn(stat).forPath(path);
            return new VersionedDocument(data, stat.getVersion());
        } catch (KeeperException.NoNodeException absent) {
            return VersionedDocument.absent();
        }
    }

    /**
     * Writes the document if it is still at {@code expectedVersion} ({@link
     * VersionedDocument#ABSENT_VERSION}: if it does not exist yet) and returns the new version.
     *
     * @throws DocumentConflictException if another write came first
     * @throws IllegalArgumentException  if the document is larger than {@link #MAX_BYTES}
     */
    public VersionedDocument write(int expectedVersion, byte[] data) throws Exception {
        if (data.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    path + ": a document of " + data.length + " bytes is larger than " + MAX_BYTES);
        }
        try {
            if (expectedVersion == VersionedDocument.ABSENT_VERSION) {
                client.create().creatingParentContainersIfNeeded().forPath(path, data);
                return new VersionedDocument(data, 0);
            }
            Stat stat = client.setData().withVersion(expectedVersion).forPath(path, data);
            return new VersionedDocument(data, stat.getVersion());
        } catch (KeeperException.NodeExistsException
                | KeeperException.BadVersionException
                | KeeperException.NoNodeException lost) {
            throw new DocumentConflictException(path, expectedVersion);
        }
    }

    /**
     * Runs {@code body} while holding the document's writer lock (a ZooKeeper lock, across
     * instances; re-entrant on one thread): read, change and write inside it and no other
     * well-behaved writer comes between. The CAS of {@link #write} still guards the rest.
     *
     * @throws TimeoutException if the lock was not had within {@code wait}
     */
    public <T> T exclusively(Duration wait, Callable<T> body) throws Exception {
        if (!writers.acquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException(path + ": another instance held the writer lock for more than " + wait);
        }
        try {
            return body.call();
        } finally {
            writers.release();
        }
    }

    private static VersionedDocument toDocument(ChildData node) {
        return new VersionedDocument(node.getData(), node.getStat().getVersion());
    }

    private void publish(VersionedDocument document) {
        for (Consumer<VersionedDocument> listener : listeners) {
            try {
                listener.accept(document);
            } catch (RuntimeException e) {
                LOG.error("listener of {} failed on {}", path, document, e);
            }
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
