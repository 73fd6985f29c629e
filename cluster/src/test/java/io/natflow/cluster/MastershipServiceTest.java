package io.natflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Elections per datapath against a real in-process ZooKeeper server. */
@Timeout(60)
class MastershipServiceTest {
    private static final long DPID_1 = 0x1;
    private static final long DPID_2 = 0x2;
    private static final long DPID_3 = 0x3;

    private TestingServer zk;
    private final List<ClusterNode> nodes = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = ZooKeeperServers.single();
    }

    @AfterEach
    void stop() throws Exception {
        for (ClusterNode n : nodes) {
            n.close();
        }
        zk.close();
    }

    private ClusterNode node(String id, Duration spreadDelay) throws Exception {
        ClusterNode n = new ClusterNode(zk.getConnectString(), id, spreadDelay);
        nodes.add(n);
        return n;
    }

    private List<ClusterNode> masters(long dpid) {
        return nodes.stream().filter(n -> n.isMaster(dpid)).toList();
    }

    private ClusterNode awaitOneMaster(long dpid, List<ClusterNode> among) {
        Await.until(
                () -> among.stream().filter(n -> n.isMaster(dpid)).count() == 1,
                "one master of " + dpid + " among "
                        + among.stream().map(n -> n.id).toList());
        return among.stream().filter(n -> n.isMaster(dpid)).findFirst().orElseThrow();
    }

    private static long participants(ClusterNode n, long dpid) {
        try {
            return n.connection
                    .client()
                    .getChildren()
                    .forPath(n.connection.paths().latch(dpid))
                    .size();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void threeInstancesElectExactlyOneMasterWithGenerationOne() throws Exception {
        List<ClusterNode> three = List.of(node("a", Duration.ZERO), node("b", Duration.ZERO), node("c", Duration.ZERO));
        three.forEach(n -> n.mastership.compete(DPID_1));

        ClusterNode master = awaitOneMaster(DPID_1, three);
        Await.until(() -> three.stream().allMatch(n -> participants(n, DPID_1) == 3), "all three in the election");

        assertEquals(List.of(1L), master.heard.generationsOf(DPID_1));
        assertEquals(1, masters(DPID_1).size(), "still exactly one once all joined");
        for (ClusterNode n : three) {
            MastershipRecord record = n.mastership.mastership(DPID_1).orElseThrow();
            assertEquals(master.id, record.instanceId(), "every instance sees the same master");
            assertEquals(1, record.generationId());
            if (n != master) {
                assertTrue(n.heard.events().isEmpty(), n.id + " heard nothing");
            }
        }
    }

    @Test
    void whenTheMastersSessionEndsAnotherTakesOverWithALargerGenerationId() throws Exception {
        List<ClusterNode> alive =
                new ArrayList<>(List.of(node("a", Duration.ZERO), node("b", Duration.ZERO), node("c", Duration.ZERO)));
        alive.forEach(n -> n.mastership.compete(DPID_1));
        Await.until(() -> alive.stream().allMatch(n -> participants(n, DPID_1) == 3), "all three in the election");

        List<Long> generations = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            ClusterNode master = awaitOneMaster(DPID_1, alive);
            generations.add(master.mastership.generationId(DPID_1).orElseThrow());
            master.close(); // the session ends; its ephemeral election node goes with it
            alive.remove(master);
        }
        ClusterNode last = awaitOneMaster(DPID_1, alive);
        generations.add(last.mastership.generationId(DPID_1).orElseThrow());

        assertEquals(List.of(1L, 2L, 3L), generations, "strictly increasing, one per election");
    }

    @Test
    void whenZooKeeperIsUnreachableTheMasterStepsDownForEveryDatapathAtOnce() throws Exception {
        ClusterNode a = node("a", Duration.ZERO);
        a.mastership.compete(DPID_1);
        a.mastership.compete(DPID_2);
        Await.until(() -> a.isMaster(DPID_1) && a.isMaster(DPID_2), "a masters both");

        zk.stop(); // SUSPENDED after 2/3 of the session timeout without an answer

        Await.until(() -> !a.isMaster(DPID_1) && !a.isMaster(DPID_2), "a stepped down");
        List<RecordingMastership.Event> events = a.heard.events();
        assertEquals(4, events.size(), "two wins, then two losses: " + events);
        assertEquals(
                Set.of(DPID_1, DPID_2),
                Set.of(events.get(2).dpid(), events.get(3).dpid()));
        assertTrue(!events.get(2).master() && !events.get(3).master());

        zk.restart(); // RECONNECTED (same session, or a new one): the latches elect again
        Await.until(() -> a.isMaster(DPID_1) && a.isMaster(DPID_2), "a masters both again");
        assertEquals(List.of(1L, 2L), a.heard.generationsOf(DPID_1), "a fresh generation id after the outage");
        assertEquals(List.of(1L, 2L), a.heard.generationsOf(DPID_2));
    }

    @Test
    void twoDatapathsSpreadOverTwoOfThreeInstances() throws Exception {
        Duration longDelay = Duration.ofMinutes(5); // the non-preferred never join during this test
        List<ClusterNode> three = List.of(node("a", longDelay), node("b", longDelay), node("c", longDelay));
        for (ClusterNode n : three) {
            n.mastership.compete(DPID_1);
        }
        awaitOneMaster(DPID_1, three);
        for (ClusterNode n : three) {
            n.mastership.compete(DPID_2);
        }
        ClusterNode master1 = awaitOneMaster(DPID_1, three);
        ClusterNode master2 = awaitOneMaster(DPID_2, three);

        assertNotEquals(master1.id, master2.id, "the two switches went to different instances");
        assertEquals("a", master1.id, "first datapath, first instance by id");
        assertEquals("b", master2.id);
    }

    /** Both switches connect to every instance at the same moment (the Mininet case): still spread. */
    @Test
    void datapathsExpectedUpFrontSpreadWhenTheyConnectAtOnce() throws Exception {
        Duration longDelay = Duration.ofMinutes(5);
        List<ClusterNode> three = List.of(node("a", longDelay), node("b", longDelay), node("c", longDelay));
        for (ClusterNode n : three) {
            n.mastership.expect(List.of(DPID_1, DPID_2));
        }
        for (ClusterNode n : three) { // the second datapath before anyone has an election for the first
            n.mastership.compete(DPID_2);
            n.mastership.compete(DPID_1);
        }
        ClusterNode master1 = awaitOneMaster(DPID_1, three);
        ClusterNode master2 = awaitOneMaster(DPID_2, three);
        assertEquals("a", master1.id);
        assertEquals("b", master2.id);
    }

    @Test
    void killingAnInstanceMovesOnlyItsSwitches() throws Exception {
        Duration delay = Duration.ofMillis(300);
        List<ClusterNode> three = List.of(node("a", delay), node("b", delay), node("c", delay));
        for (long dpid : List.of(DPID_1, DPID_2, DPID_3)) {
            three.forEach(n -> n.mastership.compete(dpid));
            awaitOneMaster(dpid, three);
        }
        for (long dpid : List.of(DPID_1, DPID_2, DPID_3)) {
            Await.until(() -> participants(three.get(0), dpid) == 3, "all in the election of " + dpid);
        }
        Set<String> owners = new HashSet<>();
        for (long dpid : List.of(DPID_1, DPID_2, DPID_3)) {
            owners.add(awaitOneMaster(dpid, three).id);
        }
        assertEquals(Set.of("a", "b", "c"), owners, "three switches, one per instance");

        ClusterNode victim = awaitOneMaster(DPID_2, three);
        List<ClusterNode> survivors = three.stream().filter(n -> n != victim).toList();
        ClusterNode keeps1 = awaitOneMaster(DPID_1, survivors);
        ClusterNode keeps3 = awaitOneMaster(DPID_3, survivors);
        victim.close();

        ClusterNode heir = awaitOneMaster(DPID_2, survivors);
        assertEquals(2, heir.heard.generationsOf(DPID_2).get(0), "the heir got the next generation id");
        assertTrue(keeps1.isMaster(DPID_1) && keeps3.isMaster(DPID_3));
        assertEquals(0, keeps1.heard.losses(DPID_1), "the others' switches did not move");
        assertEquals(0, keeps3.heard.losses(DPID_3));
    }

    @Test
    void aWithdrawnMasterHandsTheSwitchOn() throws Exception {
        List<ClusterNode> two = List.of(node("a", Duration.ZERO), node("b", Duration.ZERO));
        two.forEach(n -> n.mastership.compete(DPID_1));
        Await.until(() -> participants(two.get(0), DPID_1) == 2, "both in the election");
        ClusterNode master = awaitOneMaster(DPID_1, two);

        master.mastership.withdraw(DPID_1);

        ClusterNode other = two.stream().filter(n -> n != master).findFirst().orElseThrow();
        Await.until(() -> other.isMaster(DPID_1), "the other took over");
        assertEquals(1, master.heard.losses(DPID_1));
        assertEquals(List.of(2L), other.heard.generationsOf(DPID_1));
    }
}
