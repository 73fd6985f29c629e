package io.natflow.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.util.ServiceUtils;

/**
 * Real in-process ZooKeeper servers for tests. Tick time 100 ms, so the servers grant the 1.5 s
 * session timeout natflow asks for (ZooKeeper's minSessionTimeout is 2 × tickTime; with the
 * default 3 s tick every session would last at least 6 s).
 */
final class ZooKeeperServers {
    static final int TICK_MILLIS = 100;
    /**
     * Ports come from below Linux's ephemeral range (32768+): curator-test's own choice (a port the
     * kernel just handed out, then closed) can be taken as the source port of another connection
     * before the server binds it, and a quorum server that cannot bind its election port exits
     * the JVM (seen in CI: "Exiting JVM with code 14").
     */
    private static final int FIRST_PORT = 20_000;

    private static final int LAST_PORT = 32_000;
    private static final AtomicInteger NEXT_PORT =
            new AtomicInteger(FIRST_PORT + ThreadLocalRandom.current().nextInt(LAST_PORT - FIRST_PORT));

    static {
        // A server that fails fails its test, not the whole test JVM.
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
    }

    private ZooKeeperServers() {}

    static InstanceSpec spec(int serverId) {
        return new InstanceSpec(null, freePort(), freePort(), freePort(), true, serverId, TICK_MILLIS, -1);
    }

    /** A port nothing listens on now, outside the ephemeral range. */
    static int freePort() {
        for (int tries = 0; tries < 1000; tries++) {
            int port = NEXT_PORT.getAndUpdate(p -> p + 1 > LAST_PORT ? FIRST_PORT : p + 1);
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST_PORT + ".." + LAST_PORT);
    }

    static TestingServer single() throws Exception {
        return new TestingServer(spec(1), true);
    }

    static TestingCluster ensemble(int size) {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            specs.add(spec(i));
        }
        return new TestingCluster(specs);
    }
}
