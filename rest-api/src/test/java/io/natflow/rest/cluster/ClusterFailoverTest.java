package io.natflow.rest.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.natflow.cluster.ClusterConfig;
import io.natflow.cluster.ClusterConnection;
import io.natflow.cluster.InstanceRegistry;
import io.natflow.cluster.Sessions;
import io.natflow.controller.OpenFlowServer;
import io.natflow.controller.OpenFlowServerConfig;
import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchRole;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.controller.testing.RoleArbiter;
import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.Tables;
import io.natflow.nat.service.ClusterStatus;
import io.natflow.nat.service.SwitchMastership;
import io.natflow.rest.Fixtures;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Three natflow instances (NatApp + ZooKeeper mastership + OpenFlow server each) on one real
 * in-process ZooKeeper server, and one switch connected to all three over real TCP: three
 * {@link FakeSwitch} connections sharing an OVS-like {@link RoleArbiter}. One instance becomes
 * master, asks the switch for MASTER with its generation id, reads the NAT table back and only
 * then installs its pipeline; the others write nothing. When the master's session dies it steps
 * down and another instance takes over with a higher generation id.
 */
@Timeout(60)
class ClusterFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long DPID = Fixtures.DPID;

    private TestingServer zk;
    private final RoleArbiter theSwitch = new RoleArbiter();
    private final List<Instance> instances = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, 1, 100, -1), true);
        for (String id : List.of("nat-a", "nat-b", "nat-c")) {
            instances.add(new Instance(zk.getConnectString(), id, theSwitch));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Instance i : instances) {
            i.close();
        }
        zk.close();
    }

    @Test
    void oneMasterRestoresBeforeItInstallsAndFailsOverWithAHigherGeneration() throws Exception {
        Instance master = awaitSingleMaster(null);
        long firstGeneration = generationSeenBy(master);
        assertTrue(firstGeneration >= 1, "generation " + firstGeneration);

        // On the wire to the master: ROLE_REQUEST(MASTER, gen), then the NAT table read back, then the pipeline.
        List<OFMessage> wire = master.fake.received();
        int role = indexOf(
                wire,
                m -> m instanceof OFRoleRequest r
                        && r.getRole() == OFControllerRole.ROLE_MASTER
                        && r.getGenerationId().getValue() == firstGeneration);
        int restore = indexOf(
                wire, m -> m instanceof OFFlowStatsRequest f && f.getTableId().equals(Tables.NAT));
        int firstNatFlow =
                indexOf(wire, m -> m instanceof OFFlowMod f && f.getTableId().getValue() != 0);
        assertTrue(
                role >= 0 && restore > role && firstNatFlow > restore,
                "role " + role + ", restore " + restore + ", first pipeline flow " + firstNatFlow + " in " + wire.size()
                        + " messages");

        // The others wrote nothing but the controller's own table-miss entry, and sent no packet.
        for (Instance other : others(master)) {
            List<OFMessage> got = other.fake.received();
            assertTrue(got.stream().noneMatch(m -> m instanceof OFPacketOut), other.id + " sent a packet-out");
            assertTrue(
                    got.stream()
                            .noneMatch(m ->
                                    m instanceof OFFlowMod f && f.getTableId().getValue() != 0),
                    other.id + " wrote a pipeline flow");
            assertEquals("SLAVE", localRole(other), other.id + "'s local role");
        }
        assertEquals("MASTER", localRole(master));
        ClusterStatus seenByOther = others(master).get(0).app.cluster().status().get();
        assertEquals(
                master.id, seenByOther.switches().get(0).master().orElseThrow().instanceId());
        assertEquals(
                List.of("nat-a", "nat-b", "nat-c"),
                seenByOther.instances().stream().map(m -> m.id()).toList());

        // The master's ZooKeeper session dies: it steps down at once; another takes over with a newer generation.
        Sessions.expire(master.connection);
        awaitTrue(() -> master.sw().role() == SwitchRole.SLAVE, "the old master stepped down");
        Instance next = awaitSingleMaster(master);
        long secondGeneration = generationSeenBy(next);
        assertTrue(secondGeneration > firstGeneration, secondGeneration + " > " + firstGeneration);
        assertEquals(OFControllerRole.ROLE_SLAVE, master.toSwitch.role(), "the switch demoted the old master");
        List<OFMessage> nextWire = next.fake.received();
        int nextRole = indexOf(
                nextWire,
                m -> m instanceof OFRoleRequest r
                        && r.getRole() == OFControllerRole.ROLE_MASTER
                        && r.getGenerationId().getValue() == secondGeneration);
        int nextRestore = indexOf(
                nextWire,
                m -> m instanceof OFFlowStatsRequest f && f.getTableId().equals(Tables.NAT));
        assertTrue(
                nextRole >= 0 && nextRestore > nextRole, "new master: role " + nextRole + ", restore " + nextRestore);
        assertTrue(master.app.cluster().counts().mastershipsLost() >= 1);
        assertTrue(next.app.cluster().counts().roleRequestsGranted() >= 1);
    }

    /** Waits until exactly one instance (not {@code not}) holds MASTER at the switch and in its own view. */
    private Instance awaitSingleMaster(Instance not) {
        awaitTrue(
                () -> instances.stream()
                                .filter(i -> i != not && i.toSwitch.role() == OFControllerRole.ROLE_MASTER)
                                .count()
                        == 1,
                "one master at the switch");
        Instance master = instances.stream()
                .filter(i -> i != not && i.toSwitch.role() == OFControllerRole.ROLE_MASTER)
                .findFirst()
                .orElseThrow();
        awaitTrue(() -> "MASTER".equals(localRole(master)), master.id + " knows it is master");
        awaitTrue(
                () -> master.fake.received().stream()
                        .anyMatch(
                                m -> m instanceof OFFlowMod f && f.getTableId().getValue() != 0),
                master.id + " installed its pipeline");
        return master;
    }

    private static long generationSeenBy(Instance i) throws Exception {
        SwitchMastership s = i.app.cluster().status().get().switches().get(0);
        assertEquals(i.id, s.master().orElseThrow().instanceId());
        return s.master().get().generationId();
    }

    private static String localRole(Instance i) {
        try {
            return i.app.cluster().status().get().switches().stream()
                    .filter(s -> s.datapathId() == DPID)
                    .findFirst()
                    .map(SwitchMastership::localRole)
                    .orElse("NONE");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<Instance> others(Instance not) {
        return instances.stream().filter(i -> i != not).toList();
    }

    private static int indexOf(List<OFMessage> messages, java.util.function.Predicate<OFMessage> p) {
        for (int i = 0; i < messages.size(); i++) {
            if (p.test(messages.get(i))) {
                return i;
            }
        }
        return -1;
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

    /** One natflow instance as NatflowApplication wires it, minus REST, plus its connection of the switch. */
    static final class Instance implements AutoCloseable {
        final String id;
        final ClusterConnection connection;
        final InstanceRegistry registry;
        final ZooKeeperMastership mastership;
        final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        final NatApp app;
        final OpenFlowServer server;
        final RoleArbiter.Connection toSwitch;
        final FakeSwitch fake;

        Instance(String connectString, String id, RoleArbiter arbiter) throws Exception {
            this.id = id;
            ClusterConfig config = ClusterConfig.of(connectString, id, URI.create("http://127.0.0.1:1/" + id))
                    .withSpreadDelay(Duration.ZERO);
            connection = ClusterConnection.open(config, WAIT);
            registry = new InstanceRegistry(connection, Clock.systemUTC());
            registry.start();
            assertTrue(registry.awaitRegistered(WAIT));
            mastership = new ZooKeeperMastership(connection, registry, Clock.systemUTC());
            app = new NatApp(
                    List.of(Fixtures.routerConfig()),
                    timers,
                    System::currentTimeMillis,
                    Duration.ofSeconds(2),
                    mastership);
            server = new OpenFlowServer(new OpenFlowServerConfig(
                    "127.0.0.1", 0, Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(2)));
            server.addListener(app);
            server.start();
            toSwitch = arbiter.connection();
            fake = toSwitch.install(FakeSwitch.builder()
                            .datapathId(DPID)
                            .ports(List.of(
                                    FakeSwitch.port(1, "s1-eth1", false),
                                    FakeSwitch.port(2, "s1-eth2", false),
                                    FakeSwitch.port(3, "s1-eth3", false),
                                    FakeSwitch.port(4, "s1-eth4", false))))
                    .respond(
                            OFFlowStatsRequest.class,
                            r -> List.of(FakeSwitch.OF13
                                    .buildFlowStatsReply()
                                    .setXid(r.getXid())
                                    .setEntries(List.of())
                                    .build()))
                    .connect(server.localAddress());
        }

        OpenFlowSwitch sw() {
            return server.registry().get(DatapathId.of(DPID)).orElseThrow();
        }

        @Override
        public void close() throws Exception {
            fake.close();
            server.stop();
            app.shutdown();
            mastership.close();
            registry.close();
            connection.close();
            timers.shutdownNow();
        }
    }
}
