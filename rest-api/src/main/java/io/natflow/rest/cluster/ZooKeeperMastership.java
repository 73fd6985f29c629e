package io.natflow.rest.cluster;

import io.natflow.cluster.ClusterConnection;
import io.natflow.cluster.InstanceRegistry;
import io.natflow.cluster.MastershipListener;
import io.natflow.cluster.MastershipService;
import io.natflow.nat.service.ClusterMember;
import io.natflow.nat.service.MasterClaim;
import io.natflow.nat.service.Mastership;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@link Mastership} over the cluster module: one election per datapath in ZooKeeper
 * ({@link MastershipService}), the live instances from the {@link InstanceRegistry}. nat-app sees
 * only the interface; ZooKeeper stays in cluster/ and this wiring.
 */
public final class ZooKeeperMastership implements Mastership, MastershipListener, Closeable {
    private final ClusterConnection connection;
    private final InstanceRegistry registry;
    private final MastershipService elections;
    private volatile Listener listener;

    public ZooKeeperMastership(ClusterConnection connection, InstanceRegistry registry, Clock clock) {
        this.connection = connection;
        this.registry = registry;
        this.elections = new MastershipService(connection, registry, this, clock);
    }

    @Override
    public void listen(Listener l) {
        this.listener = l;
    }

    @Override
    public void becameMaster(long datapathId, long generationId) {
        Listener l = listener;
        if (l != null) {
            l.becameMaster(datapathId, generationId);
        }
    }

    @Override
    public void lostMastership(long datapathId) {
        Listener l = listener;
        if (l != null) {
            l.lostMastership(datapathId);
        }
    }

    @Override
    public void compete(long datapathId) {
        elections.compete(datapathId);
    }

    @Override
    public void withdraw(long datapathId) {
        elections.withdraw(datapathId);
    }

    @Override
    public boolean requestsRoles() {
        return true;
    }

    @Override
    public String self() {
        return connection.config().instanceId();
    }

    @Override
    public String coordination() {
        return connection.state();
    }

    @Override
    public List<ClusterMember> members() throws Exception {
        return registry.instances().stream()
                .map(i -> new ClusterMember(
                        i.id(), i.restUrl().toString(), i.since().toEpochMilli()))
                .toList();
    }

    @Override
    public Optional<MasterClaim> master(long datapathId) throws Exception {
        return elections
                .mastership(datapathId)
                .map(r -> new MasterClaim(
                        r.instanceId(), r.generationId(), r.since().toEpochMilli()));
    }

    /** Leaves every election (the others take over at once), then stops. */
    @Override
    public void close() throws IOException {
        elections.close();
    }
}
