package io.natflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Generation ids: one per claim, never twice, even when two sessions claim at the same time. */
@Timeout(60)
class GenerationCounterTest {
    private static final long DPID = 0xabc;

    private TestingServer zk;
    private final List<ClusterConnection> connections = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = ZooKeeperServers.single();
        for (String id : List.of("a", "b")) {
            connections.add(ClusterConnection.open(
                    ClusterConfig.of(zk.getConnectString(), id, URI.create("http://127.0.0.1:1/")), ClusterNode.WAIT));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (ClusterConnection c : connections) {
            c.close();
        }
        zk.close();
    }

    private static String electionNode(ClusterConnection c) throws Exception {
        return c.client()
                .create()
                .creatingParentContainersIfNeeded()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(c.paths().latch(DPID) + "/latch-", new byte[0]);
    }

    @Test
    void concurrentClaimsFromTwoSessionsGetDistinctConsecutiveIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<MastershipRecord>> claims = new ArrayList<>();
        for (ClusterConnection c : connections) {
            GenerationCounter counter = new GenerationCounter(c.client(), c.paths(), Clock.systemUTC());
            String node = electionNode(c);
            for (int i = 0; i < 20; i++) {
                Callable<MastershipRecord> claim =
                        () -> counter.claim(DPID, node, c.config().instanceId());
                claims.add(pool.submit(claim));
            }
        }
        List<Long> ids = new ArrayList<>();
        for (Future<MastershipRecord> f : claims) {
            ids.add(f.get().generationId());
        }
        pool.shutdown();

        assertEquals(40, ids.stream().distinct().count(), "no id handed out twice: " + ids);
        assertEquals(40L, ids.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertEquals(1L, ids.stream().mapToLong(Long::longValue).min().orElseThrow());
    }

    @Test
    void aClaimantWhoseElectionNodeIsGoneGetsNoId() throws Exception {
        ClusterConnection a = connections.get(0);
        GenerationCounter counter = new GenerationCounter(a.client(), a.paths(), Clock.systemUTC());
        String node = electionNode(a);
        assertEquals(1, counter.claim(DPID, node, "a").generationId());
        a.client().delete().forPath(node);

        assertThrows(GenerationCounter.NotLeaderException.class, () -> counter.claim(DPID, node, "a"));
        assertEquals(1, counter.last(DPID).orElseThrow().generationId(), "nothing written");
    }
}
