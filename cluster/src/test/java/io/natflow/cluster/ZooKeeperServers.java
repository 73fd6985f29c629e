package io.natflow.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/**
 * Real in-process ZooKeeper servers for tests. Tick time 100 ms, so the servers grant the 1.5 s
 * session timeout natflow asks for (ZooKeeper's minSessionTimeout is 2 × tickTime; with the
 * default 3 s tick every session would last at least 6 s).
 */
final class ZooKeeperServers {
    static final int TICK_MILLIS = 100;

    private ZooKeeperServers() {}

    static InstanceSpec spec(int serverId) {
        return new InstanceSpec(null, -1, -1, -1, true, serverId, TICK_MILLIS, -1);
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
