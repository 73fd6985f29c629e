package io.natflow.bench.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.OpenFlowServer;
import io.natflow.controller.OpenFlowServerConfig;
import io.natflow.controller.OpenFlowSwitch;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.nat.openflow.Tables;
import io.natflow.nat.service.NatEvent;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * The emulator against the real controller over TCP (OpenFlowServer + NatApp on 127.0.0.1, port
 * 0): every fill setup is answered right, and after a controller restart the new controller reads
 * the sessions back from the emulated switch's flows, and a one-mapping flow-stats read (what a
 * REST counter read sends) gets that mapping's flows. Counts only, no timing.
 */
@Timeout(180)
class EmulatorAgainstControllerTest {
    private static final int FILL = 300;

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    @Test
    void setsUpSessionsAndARestartedControllerRestoresThemFromTheSwitch() throws Exception {
        NatApp first = new NatApp(List.of(routerConfig()), scheduler(), System::currentTimeMillis);
        OpenFlowServer firstServer = server(first);

        Emulator.Settings settings = new Emulator.Settings(
                "127.0.0.1",
                firstServer.localAddress().getPort(),
                1,
                1,
                16,
                200,
                64,
                0.5,
                0,
                1,
                30_000,
                false,
                FILL,
                100_000,
                null,
                0,
                null);
        Emulator emulator = new Emulator(settings);
        Results r = emulator.run();

        assertEquals(FILL, r.fillCompleted, "fill: " + r.wrongByProblem + " " + r.unmatchedByProblem);
        assertEquals(0, r.fillWrong + r.fillMissing);
        assertEquals(0, r.wrong, "wrong: " + r.wrongByProblem);
        assertEquals(0, r.missing);
        assertEquals(0, r.unmatched, "unmatched: " + r.unmatchedByProblem);
        assertEquals(0, r.errors);
        assertTrue(r.arpAnswered >= 1);
        int mappings = first.inspect(1, Nat::size).join();
        assertTrue(mappings >= FILL, mappings + " mappings");
        assertEquals(mappings, first.counters(1).get(NatEvent.SESSION_SETUP));
        assertEquals(0, first.counters(1).get(NatEvent.TRANSLATED_IN_CONTROLLER));
        FlowTable flows = emulator.flowTables().get(0);
        assertEquals(2 * mappings + 1, flows.size(), "two flows per session and the NAT table's miss entry");
        firstServer.stop();

        NatApp second = new NatApp(List.of(routerConfig()), scheduler(), System::currentTimeMillis);
        OpenFlowServer secondServer = server(second);
        long requestsBefore = flows.requestsAnswered(); // the first controller's restore, of an empty table
        Channel channel = connectSwitch(secondServer, flows);
        await(
                () -> second.inspect(1, Nat::size).join() == mappings,
                "restored " + second.inspect(1, Nat::size).join() + " of " + mappings);
        assertEquals(1, flows.requestsAnswered() - requestsBefore, "the restore's one flow-stats request");
        assertEquals(2L * mappings + 1, flows.entriesSent(), "every session flow sent back, and the miss entry");

        long someId =
                second.inspect(1, nat -> nat.mappings().iterator().next().id()).join();
        OpenFlowSwitch sw = secondServer.registry().get(DatapathId.of(1)).orElseThrow();
        List<OFFlowStatsReply> replies = sw.multipart(sw.factory()
                        .buildFlowStatsRequest()
                        .setTableId(Tables.NAT)
                        .setOutPort(OFPort.ANY)
                        .setOutGroup(OFGroup.ANY)
                        .setCookie(U64.of(someId))
                        .setCookieMask(U64.NO_MASK)
                        .build())
                .get(10, TimeUnit.SECONDS);
        List<OFFlowStatsEntry> entries =
                replies.stream().flatMap(reply -> reply.getEntries().stream()).toList();
        assertEquals(2, entries.size());
        entries.forEach(e -> assertEquals(U64.of(someId), e.getCookie()));
        channel.close().syncUninterruptibly();
    }

    private Channel connectSwitch(OpenFlowServer server, FlowTable flows) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        cleanup.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        EmulatedSwitch sw = new EmulatedSwitch(
                1,
                new Gateway(RouterAddresses.gatewayIp(0), RouterAddresses.gatewayMac(0)),
                flows,
                new Traffic(64, 0.5),
                16,
                true,
                new Results(),
                TimeUnit.SECONDS.toNanos(30));
        Channel channel = Emulator.connect(
                Emulator.bootstrap(group, false),
                sw,
                "127.0.0.1",
                server.localAddress().getPort());
        sw.ready.get(30, TimeUnit.SECONDS);
        return channel;
    }

    private OpenFlowServer server(NatApp app) throws InterruptedException {
        OpenFlowServer server = new OpenFlowServer(new OpenFlowServerConfig(
                "127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(5), 3, Duration.ofSeconds(10)));
        server.addListener(app);
        server.start();
        cleanup.add(server::stop);
        return server;
    }

    private ScheduledExecutorService scheduler() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        cleanup.add(s::shutdownNow);
        return s;
    }

    private static RouterConfig routerConfig() {
        int[] pool = new int[4];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = RouterAddresses.publicAddress(0, i + 1);
        }
        return new RouterConfig(
                1,
                Traffic.LAN_NETWORK,
                16,
                Traffic.ROUTER_IP,
                Traffic.ROUTER_MAC,
                List.of("lan1", "lan2", "lan3", "lan4"),
                "wan",
                RouterAddresses.gatewayIp(0),
                NatConfig.builder(pool).perHostQuota(100_000).build(),
                List.of(),
                Duration.ofSeconds(1));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
