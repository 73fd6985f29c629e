package io.natflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Instances announce themselves and vanish with their session. */
@Timeout(60)
class InstanceRegistryTest {
    private TestingServer zk;

    @BeforeEach
    void start() throws Exception {
        zk = ZooKeeperServers.single();
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
    }

    private static List<String> ids(ClusterNode n) throws Exception {
        return n.registry.instances().stream().map(ClusterInstance::id).toList();
    }

    @Test
    void liveInstancesAreListedWithTheirRestUrlUntilTheyLeave() throws Exception {
        try (ClusterNode a = new ClusterNode(zk.getConnectString(), "a", Duration.ZERO);
                ClusterNode b = new ClusterNode(zk.getConnectString(), "b", Duration.ZERO);
                ClusterNode c = new ClusterNode(zk.getConnectString(), "c", Duration.ZERO)) {
            assertEquals(List.of("a", "b", "c"), ids(b));
            ClusterInstance seen = a.registry.instances().get(2);
            assertEquals(URI.create("http://127.0.0.1:8080/c"), seen.restUrl());
            assertEquals(c.registry.self(), seen);

            c.close();

            Await.until(
                    () -> {
                        try {
                            return ids(a).equals(List.of("a", "b"));
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    "c gone from the list");
        }
    }

    @Test
    void anUnreadableInstanceNodeIsSkipped() throws Exception {
        try (ClusterNode a = new ClusterNode(zk.getConnectString(), "a", Duration.ZERO)) {
            a.connection.client().create().forPath(a.connection.paths().instance("junk"), new byte[] {1, 2, 3});
            assertEquals(List.of("a"), ids(a));
        }
    }
}
