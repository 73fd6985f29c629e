package io.natflow.controller;

import static io.natflow.controller.testing.FakeSwitch.OF13;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U64;

/**
 * OpenFlow 1.3 roles against the real Open vSwitch of this machine: one userspace bridge, two
 * controllers. Needs root and a running ovs-vswitchd, so it runs only with NATFLOW_OVS_TESTS=1
 * (under the Mininet lock: {@code flock /tmp/natflow-mininet.lock env NATFLOW_OVS_TESTS=1 mvn …}).
 * Creates and deletes the bridge {@value #BRIDGE} only.
 */
@EnabledIfEnvironmentVariable(named = "NATFLOW_OVS_TESTS", matches = "1")
@Timeout(60)
class OvsRolesTest {
    private static final String BRIDGE = "nfroles0";
    private static final long DPID = 0xab01;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private OpenFlowServer a;
    private OpenFlowServer b;

    @BeforeEach
    void start() throws Exception {
        a = server();
        b = server();
        vsctl(
                "--may-exist",
                "add-br",
                BRIDGE,
                "--",
                "set",
                "bridge",
                BRIDGE,
                "datapath_type=netdev",
                "protocols=OpenFlow13",
                "fail_mode=secure",
                String.format("other-config:datapath-id=%016x", DPID));
        vsctl("set-controller", BRIDGE, target(a), target(b));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            vsctl("--if-exists", "del-br", BRIDGE);
        } finally {
            a.stop();
            b.stop();
        }
    }

    private static OpenFlowServer server() throws InterruptedException {
        OpenFlowServer s = new OpenFlowServer(new OpenFlowServerConfig(
                "127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ofSeconds(5)));
        s.start();
        return s;
    }

    private static String target(OpenFlowServer s) {
        return "tcp:127.0.0.1:" + s.localAddress().getPort();
    }

    private static String vsctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(15, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }

    /** The role column OVS reports for the controller (refreshed by ovs-vswitchd every few seconds). */
    private static String ovsRole(OpenFlowServer s) {
        try {
            return vsctl("--bare", "--columns=role", "find", "controller", "target=\"" + target(s) + "\"");
        } catch (IOException | InterruptedException e) {
            return "error: " + e;
        }
    }

    private static OpenFlowSwitch connected(OpenFlowServer s) {
        Await.until(() -> s.registry().get(DatapathId.of(DPID)).isPresent(), WAIT, "OVS connected to " + target(s));
        return s.registry().get(DatapathId.of(DPID)).orElseThrow();
    }

    @Test
    void ovsGrantsMasterRefusesAStaleGenerationAndDemotesTheOldMasterSilently() {
        OpenFlowSwitch viaA = connected(a);
        OpenFlowSwitch viaB = connected(b);

        Await.result(viaA.requestRole(SwitchRole.MASTER, 100), WAIT, "A master");
        Await.result(viaB.requestRole(SwitchRole.SLAVE, 100), WAIT, "B slave");
        Await.until(
                () -> ovsRole(a).equals("master") && ovsRole(b).equals("slave"),
                WAIT,
                "ovs-vsctl shows A master, B slave (A: " + ovsRole(a) + ", B: " + ovsRole(b) + ")");

        Throwable stale = Await.failure(viaB.requestRole(SwitchRole.MASTER, 99), WAIT, "B with an older generation");
        assertTrue(assertInstanceOf(RoleRequestRefusedException.class, stale).isStale(), stale.toString());
        assertEquals(1, b.counters().roleRequestsStale());
        assertEquals("slave", ovsRole(b));

        Await.result(viaB.requestRole(SwitchRole.MASTER, 101), WAIT, "B with a newer generation");
        Await.until(
                () -> ovsRole(b).equals("master") && ovsRole(a).equals("slave"),
                WAIT,
                "ovs-vsctl shows B master, A slave (A: " + ovsRole(a) + ", B: " + ovsRole(b) + ")");
        assertEquals(SwitchRole.MASTER, viaA.role(), "OpenFlow 1.3: OVS did not tell A");

        viaA.write(OF13.buildFlowAdd()
                .setXid(viaA.nextXid())
                .setCookie(U64.of(0xa))
                .setPriority(1)
                .setMatch(OF13.buildMatch().build())
                .build());

        Await.until(() -> viaA.role() == SwitchRole.SLAVE, WAIT, "A learns from OFPBRC_IS_SLAVE");
        assertEquals(1, a.counters().demotionsBySwitch());
        Await.result(viaB.barrier(), WAIT, "the master's barrier still works");
    }
}
