package io.natflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three instances on an ensemble of three real ZooKeeper servers, one of which dies. */
@Timeout(90)
class EnsembleTest {
    private static final long DPID = 0x5;

    private TestingCluster ensemble;
    private final List<ClusterNode> nodes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ensemble = ZooKeeperServers.ensemble(3);
        ensemble.start();
        for (String id : List.of("a", "b", "c")) {
            nodes.add(new ClusterNode(ensemble.getConnectString(), id, Duration.ZERO));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (ClusterNode n : nodes) {
            n.close();
        }
        ensemble.close();
    }

    private ClusterNode awaitMaster() {
        Await.until(() -> nodes.stream().filter(n -> n.isMaster(DPID)).count() == 1, "one master");
        return nodes.stream().filter(n -> n.isMaster(DPID)).findFirst().orElseThrow();
    }

    @Test
    void losingTheServerTheMasterTalksToPausesItsWritesButDoesNotMoveTheSwitch() throws Exception {
        nodes.forEach(n -> n.mastership.compete(DPID));
        ClusterNode master = awaitMaster();
        Await.until(() -> master.heard.generationsOf(DPID).size() == 1, "first win heard");
        InstanceSpec its = ensemble.findConnectionInstance(
                master.connection.client().getZookeeperClient().getZooKeeper());

        assertTrue(ensemble.killServer(its));

        // SUSPENDED (stop writing) then RECONNECTED to another server within the session
        Await.until(() -> master.heard.generationsOf(DPID).size() == 2, "master again after the reconnect");
        assertEquals(List.of(1L, 2L), master.heard.generationsOf(DPID), "a fresh generation id for the same master");
        assertEquals(1, master.heard.losses(DPID), "it stopped writing while suspended");
        assertEquals(master, awaitMaster(), "the switch did not move");
        for (ClusterNode n : nodes) {
            if (n != master) {
                assertTrue(n.heard.events().isEmpty(), n.id + " never became master");
            }
        }
    }
}
