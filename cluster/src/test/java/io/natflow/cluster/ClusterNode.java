package io.natflow.cluster;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** One natflow instance's cluster side, for tests: connection, registry, mastership, recorder. */
final class ClusterNode implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);

    final String id;
    final ClusterConnection connection;
    final InstanceRegistry registry;
    final MastershipService mastership;
    final RecordingMastership heard = new RecordingMastership();
    private boolean closed;

    ClusterNode(String connectString, String id, Duration spreadDelay) throws Exception {
        this.id = id;
        ClusterConfig config = ClusterConfig.of(connectString, id, URI.create("http://127.0.0.1:8080/" + id))
                .withSpreadDelay(spreadDelay);
        this.connection = ClusterConnection.open(config, WAIT);
        this.registry = new InstanceRegistry(connection, Clock.systemUTC());
        registry.start();
        if (!registry.awaitRegistered(WAIT)) {
            throw new AssertionError(id + " not registered within " + WAIT);
        }
        this.mastership = new MastershipService(connection, registry, heard, Clock.systemUTC());
    }

    boolean isMaster(long dpid) {
        return mastership.isMaster(dpid);
    }

    /**
     * Ends the session as a crash would: no withdraw, the election nodes go with the session. The
     * registry node is closed first only because Curator's PersistentNode, left on a closed client,
     * recreates itself in a loop until the stack overflows; the others see the same either way.
     */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        registry.close();
        connection.close();
        mastership.close();
    }
}
