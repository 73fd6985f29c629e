package io.natflow.rest.forwards;

import static org.junit.jupiter.api.Assertions.*;

import io.natflow.cluster.ClusterConfig;
import io.natflow.cluster.ClusterConnection;
import io.natflow.cluster.SharedDocument;
import io.natflow.nat.openflow.NatApp;
import io.natflow.rest.Fixtures;
import io.natflow.rest.api.Routers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forwards shared by two instances through one znode on a real in-process ZooKeeper server: what
 * one instance adds reaches the other's routers (watch), and a write that lost the race (the
 * other wrote in between) is read again and retried, so neither forward is lost.
 */
@Timeout(30)
class ZooKeeperForwardStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestingServer zk;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, 1, 100, -1), true);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        zk.close();
    }

    private record Side(NatForwardService forwards, SharedDocument document, NatApp app) {}

    private Side side(String id, boolean watch) throws Exception {
        ClusterConnection c = ClusterConnection.open(
                ClusterConfig.of(zk.getConnectString(), id, URI.create("http://127.0.0.1:1")), WAIT);
        closing.add(c);
        SharedDocument doc = SharedDocument.forwards(c);
        closing.add(doc);
        NatApp app = Fixtures.natApp(new AtomicLong(1_000));
        closing.add(app::shutdown);
        ZooKeeperForwardStore store = new ZooKeeperForwardStore(doc);
        NatForwardService forwards = new NatForwardService(new Routers(app.service()), store, Clock.systemUTC());
        forwards.restore();
        if (watch) {
            store.onChange(forwards::resync);
            doc.start();
        }
        return new Side(forwards, doc, app);
    }

    private static ForwardRequest tcp(int publicPort, String internal) {
        return new ForwardRequest(null, "tcp", null, String.valueOf(publicPort), internal, "22", "ssh " + publicPort);
    }

    @Test
    void aForwardAddedThroughOneInstanceReachesTheOthersRouters() throws Exception {
        Side a = side("nat-a", true);
        Side b = side("nat-b", true);
        ForwardView added = a.forwards().add(tcp(2222, "10.0.0.12"));
        awaitTrue(() -> b.forwards().list(null).stream().anyMatch(v -> v.id().equals(added.id())), "b lists it");
        assertTrue(Fixtures.core(b.app(), nat -> nat.forwards().size()) >= 2, "b's router holds it");
        assertEquals(
                1, new ZooKeeperForwardStore(b.document()).load().forwards().size());

        b.forwards().delete(added.id());
        awaitTrue(() -> a.forwards().list(null).stream().noneMatch(v -> v.id().equals(added.id())), "a dropped it");
        assertEquals(
                0, new ZooKeeperForwardStore(a.document()).load().forwards().size());
    }

    @Test
    void aWriteStartsFromWhatTheOtherInstanceWrote() throws Exception {
        Side a = side("nat-a", false); // no watch: a does not know b's write before its own
        Side b = side("nat-b", false);
        ForwardView first = b.forwards().add(tcp(2222, "10.0.0.12"));
        ForwardView second = a.forwards().add(tcp(2223, "10.0.0.11")); // a reads the store again first
        assertNotEquals(first.id(), second.id(), "ids stay unique across instances");
        StoredForwards stored = new ZooKeeperForwardStore(a.document()).load();
        assertEquals(
                List.of(first.id(), second.id()),
                stored.forwards().stream().map(StoredForwards.Forward::id).toList());
        assertEquals(
                2,
                a.forwards().list(null).stream()
                        .filter(v -> v.description() != null && v.description().startsWith("ssh"))
                        .count(),
                "a now lists both");
    }

    @Test
    void aConflictingForwardFromTheOtherInstanceIsRefusedThere() throws Exception {
        Side a = side("nat-a", false);
        Side b = side("nat-b", false);
        a.forwards().add(tcp(2222, "10.0.0.12"));
        // b does not know it yet; its add of the same public port loses the race, re-reads, then conflicts.
        io.natflow.rest.api.ApiException e = assertThrows(
                io.natflow.rest.api.ApiException.class, () -> b.forwards().add(tcp(2222, "10.0.0.11")));
        assertEquals(409, e.status(), e.getMessage());
        assertEquals(
                1, new ZooKeeperForwardStore(b.document()).load().forwards().size());
    }

    @Test
    void aSaveOnAStaleVersionIsAConflictAndChangesNothing() throws Exception {
        Side a = side("nat-a", false);
        Side b = side("nat-b", false);
        ZooKeeperForwardStore storeA = new ZooKeeperForwardStore(a.document());
        ZooKeeperForwardStore storeB = new ZooKeeperForwardStore(b.document());
        storeA.load();
        storeB.load();
        StoredForwards one = new StoredForwards(StoredForwards.VERSION, 2, List.of(forward("1", 2222)));
        storeB.save(one);
        assertThrows(ForwardStoreConflictException.class, () -> storeA.save(StoredForwards.empty()));
        assertEquals(one, storeA.load(), "the losing write changed nothing");
        storeA.save(StoredForwards.empty()); // after a read it is at the current version
        assertEquals(0, storeB.load().forwards().size());
    }

    private static StoredForwards.Forward forward(String id, int port) {
        return new StoredForwards.Forward(
                id,
                Fixtures.SWITCH,
                "tcp",
                "203.0.113.1",
                port,
                "10.0.0.12",
                22,
                1,
                null,
                java.time.Instant.parse("2026-12-08T00:00:00Z"));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
