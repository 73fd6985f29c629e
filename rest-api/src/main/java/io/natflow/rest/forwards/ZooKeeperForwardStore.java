package io.natflow.rest.forwards;

import io.natflow.cluster.DocumentConflictException;
import io.natflow.cluster.SharedDocument;
import io.natflow.cluster.VersionedDocument;
import io.natflow.rest.api.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The forward store of a cluster: one JSON document (the file store's format) in one znode,
 * {@link SharedDocument}. A save is a compare-and-set on the version this instance last read or
 * wrote; if another instance wrote in between it fails with {@link ForwardStoreConflictException}
 * and nothing changed (the forward service reads again and retries). {@link #onChange} hears every
 * new version, from any instance.
 */
public final class ZooKeeperForwardStore implements ForwardStore {
    static final Duration LOCK_WAIT = Duration.ofSeconds(5);

    private final SharedDocument document;
    private final ForwardStoreCodec codec = new ForwardStoreCodec();
    /** The version of the last load or save: the one the next save expects. */
    private int version = VersionedDocument.ABSENT_VERSION; // guarded by this

    public ZooKeeperForwardStore(SharedDocument document) {
        this.document = document;
    }

    /** Runs {@code changed} after every new version of the document (on ZooKeeper's event thread: must not block). */
    public void onChange(Runnable changed) {
        document.addListener(d -> changed.run());
    }

    @Override
    public synchronized StoredForwards load() {
        VersionedDocument d;
        try {
            d = document.read();
        } catch (Exception e) {
            throw corrupt("cannot be read (" + e + ")");
        }
        version = d.version();
        return d.exists() ? codec.decode(d.data(), this::corrupt) : StoredForwards.empty();
    }

    @Override
    public synchronized void save(StoredForwards forwards) throws IOException {
        byte[] bytes = codec.encode(forwards);
        try {
            version = document.write(version, bytes).version();
        } catch (DocumentConflictException e) {
            throw new ForwardStoreConflictException(e.getMessage());
        } catch (IOException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e); // larger than a znode may be
        } catch (Exception e) {
            throw new IOException("ZooKeeper: " + e, e);
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** Holds the document's writer lock (across instances) for at most {@link #LOCK_WAIT} of waiting. */
    @Override
    public <T> T exclusive(Supplier<T> write) {
        try {
            return document.exclusively(LOCK_WAIT, write::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (TimeoutException e) {
            throw ApiException.unavailable("the forward store " + location() + " is being written by another "
                    + "instance for more than " + LOCK_WAIT.toSeconds() + " s; nothing changed, try again");
        } catch (Exception e) {
            throw ApiException.unavailable(
                    "cannot lock the forward store " + location() + " (" + e + "); nothing changed");
        }
    }

    @Override
    public String location() {
        return "zookeeper:" + document.path();
    }

    private IllegalStateException corrupt(String problem) {
        return new IllegalStateException("forward store " + location() + " " + problem
                + ". natflow does not replace it: fix or delete the znode");
    }
}
