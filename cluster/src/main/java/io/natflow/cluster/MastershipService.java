package io.natflow.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One master per datapath among the instances that compete for it: a Curator LeaderLatch per
 * datapath under {@code switches/<dpid>/latch}; the winner claims a generation id
 * ({@link GenerationCounter}) and then its {@link MastershipListener} hears becameMaster.
 * {@link SpreadPolicy} decides who competes at once and who after the spread delay. When the
 * ZooKeeper connection is SUSPENDED or LOST the listener hears lostMastership for every mastered
 * datapath at once: in a split brain this instance stops writing before another can be elected
 * (SUSPENDED comes after 2/3 of the session timeout without the servers, the others elect only
 * after the whole timeout expired the session). If the connection comes back within the session
 * (RECONNECTED: one server of the ensemble died, a short pause) the election nodes are still the
 * leaders: this instance claims a fresh generation id and hears becameMaster again, so switches
 * do not move for a blip, and the switch never sees the old generation id again. Election work runs on one thread, listener
 * calls on another ({@code post}); the public methods do not block.
 */
public final class MastershipService implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(MastershipService.class);
    private static final long CLAIM_RETRY_MILLIS = 200;

    private final CuratorFramework client;
    private final ClusterPaths paths;
    private final String instanceId;
    private final InstanceRegistry registry;
    private final MastershipListener listener;
    private final GenerationCounter generations;
    private final long spreadDelayMillis;
    private final ScheduledExecutorService work;
    private final ExecutorService events;
    private final Map<Long, Competition> competitions = new ConcurrentHashMap<>();
    /** Mastered datapaths and their generation ids, as told to the listener; written on {@link #events} only. */
    private final Map<Long, Long> mastered = new ConcurrentHashMap<>();

    /** Datapaths every instance is configured for: in play for spreading before their elections exist. */
    private volatile Set<Long> expected = Set.of();

    private final ConnectionStateListener stateListener = this::connectionChanged;
    private volatile boolean connected = true;

    public MastershipService(
            ClusterConnection connection, InstanceRegistry registry, MastershipListener listener, Clock clock) {
        this.client = connection.client();
        this.paths = connection.paths();
        this.instanceId = connection.config().instanceId();
        this.registry = registry;
        this.listener = listener;
        this.generations = new GenerationCounter(client, paths, clock);
        this.spreadDelayMillis = connection.config().spreadDelay().toMillis();
        this.work = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mastership-" + instanceId));
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "mastership-events-" + instanceId));
        client.getConnectionStateListenable().addListener(stateListener);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * The datapaths all instances are configured for (the same list everywhere). They count as in
     * play for {@link SpreadPolicy} at once, so instances whose switches connect within the same
     * moment still agree on who is preferred for which (without it, each sees only the elections
     * that already exist and several prefer the same instance).
     */
    public void expect(Collection<Long> datapathIds) {
        expected = Set.copyOf(datapathIds);
    }

    /** Starts competing for the datapath (a switch connected to this instance); idempotent. */
    public void compete(long dpid) {
        Competition c = new Competition(dpid);
        if (competitions.putIfAbsent(dpid, c) == null) {
            work.execute(() -> enter(c));
        }
    }

    /** Stops competing (the switch left this instance); lostMastership follows if it was master. */
    public void withdraw(long dpid) {
        Competition c = competitions.remove(dpid);
        if (c != null) {
            work.execute(c::leave);
            post(() -> lose(dpid, "withdrawn"));
        }
    }

    /** Whether the listener was last told that this instance masters the datapath. */
    public boolean isMaster(long dpid) {
        return mastered.containsKey(dpid);
    }

    /** The generation id this instance masters the datapath with, if it does. */
    public Optional<Long> generationId(long dpid) {
        return Optional.ofNullable(mastered.get(dpid));
    }

    public Set<Long> competing() {
        return Set.copyOf(competitions.keySet());
    }

    /**
     * Who masters the datapath and since when, from ZooKeeper: the last claim, if the election's
     * current leader made it; empty while an election or a claim is under way, or if this
     * instance does not compete for the datapath.
     */
    public Optional<MastershipRecord> mastership(long dpid) throws Exception {
        Competition c = competitions.get(dpid);
        LeaderLatch latch = c == null ? null : c.latch;
        if (latch == null) {
            return Optional.empty();
        }
        String leader = latch.getLeader().getId();
        return generations.last(dpid).filter(r -> r.instanceId().equals(leader));
    }

    private void enter(Competition c) {
        if (competitions.get(c.dpid) != c) {
            return;
        }
        try {
            String preferred = preferred(c.dpid);
            if (spreadDelayMillis == 0 || preferred == null || preferred.equals(instanceId)) {
                c.join();
            } else {
                LOG.debug(
                        "{}: {} is preferred for {}; competing in {} ms",
                        instanceId,
                        preferred,
                        ClusterPaths.dpidNode(c.dpid),
                        spreadDelayMillis);
                c.pendingJoin = work.schedule(c::join, spreadDelayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            LOG.warn(
                    "{}: cannot read the cluster to compete for {} ({}); competing now",
                    instanceId,
                    ClusterPaths.dpidNode(c.dpid),
                    e.toString());
            c.join();
        }
    }

    /** Datapaths in play: ours plus every one whose election has participants. */
    private String preferred(long dpid) throws Exception {
        client.create().orSetData().creatingParentContainersIfNeeded().forPath(paths.latch(dpid));
        List<Long> inPlay = new ArrayList<>();
        inPlay.add(dpid);
        inPlay.addAll(expected);
        for (String node : client.getChildren().forPath(paths.switches())) {
            long other;
            try {
                other = ClusterPaths.parseDpidNode(node);
            } catch (IllegalArgumentException notOurs) {
                continue;
            }
            try {
                if (other != dpid
                        && !client.getChildren().forPath(paths.latch(other)).isEmpty()) {
                    inPlay.add(other);
                }
            } catch (KeeperException.NoNodeException gone) {
                // no election there
            }
        }
        List<String> live =
                registry.instances().stream().map(ClusterInstance::id).toList();
        return SpreadPolicy.preferred(dpid, inPlay, live);
    }

    private void claim(Competition c, LeaderLatch latch) {
        if (competitions.get(c.dpid) != c || c.latch != latch || !latch.hasLeadership()) {
            return;
        }
        MastershipRecord record;
        try {
            record = generations.claim(c.dpid, latch.getOurPath(), instanceId);
        } catch (GenerationCounter.NotLeaderException lost) {
            return;
        } catch (Exception e) {
            LOG.warn(
                    "{}: won {} but could not claim a generation id ({}); retrying",
                    instanceId,
                    ClusterPaths.dpidNode(c.dpid),
                    e.toString());
            work.schedule(() -> claim(c, latch), CLAIM_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        post(() -> {
            // Only if nothing changed since the claim: still leader, still connected, not told yet.
            if (connected
                    && competitions.get(c.dpid) == c
                    && c.latch == latch
                    && latch.hasLeadership()
                    && !mastered.containsKey(c.dpid)) {
                mastered.put(c.dpid, record.generationId());
                LOG.info(
                        "{}: master of {} with generation id {}",
                        instanceId,
                        ClusterPaths.dpidNode(c.dpid),
                        record.generationId());
                listener.becameMaster(c.dpid, record.generationId());
            }
        });
    }

    /** Queues a listener-side task; after {@link #close} there is nobody left to tell. */
    private void post(Runnable task) {
        try {
            events.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("{}: closed; dropping a mastership event", instanceId);
        }
    }

    /** On {@link #events} only. */
    private void lose(long dpid, String why) {
        if (mastered.remove(dpid) != null) {
            LOG.info("{}: no longer master of {}: {}", instanceId, ClusterPaths.dpidNode(dpid), why);
            listener.lostMastership(dpid);
        }
    }

    private void connectionChanged(CuratorFramework ignored, ConnectionState state) {
        if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
            connected = false;
            post(() -> List.copyOf(mastered.keySet()).forEach(dpid -> lose(dpid, "ZooKeeper " + state)));
        } else if (state.isConnected()) {
            connected = true;
            // Still leader within the same session: claim again (a new generation id). After a
            // LOST the latches lost leadership and elect anew by themselves.
            work.execute(() -> competitions.values().forEach(c -> {
                LeaderLatch latch = c.latch;
                if (latch != null && latch.hasLeadership()) {
                    claim(c, latch);
                }
            }));
        }
    }

    @Override
    public void close() throws IOException {
        client.getConnectionStateListenable().removeListener(stateListener);
        for (Long dpid : List.copyOf(competitions.keySet())) {
            withdraw(dpid);
        }
        work.shutdown(); // runs the pending leaves first; their notLeader calls still reach events
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
            events.shutdown();
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This instance's part in one datapath's election; its fields are touched on {@link #work} only. */
    private final class Competition {
        final long dpid;
        volatile LeaderLatch latch;
        ScheduledFuture<?> pendingJoin;

        Competition(long dpid) {
            this.dpid = dpid;
        }

        void join() {
            if (latch != null || competitions.get(dpid) != this) {
                return;
            }
            LeaderLatch l = new LeaderLatch(client, paths.latch(dpid), instanceId, LeaderLatch.CloseMode.NOTIFY_LEADER);
            l.addListener(
                    new LeaderLatchListener() {
                        @Override
                        public void isLeader() {
                            claim(Competition.this, l);
                        }

                        @Override
                        public void notLeader() {
                            post(() -> lose(dpid, "lost the election"));
                        }
                    },
                    work);
            latch = l;
            try {
                l.start();
            } catch (Exception e) {
                LOG.error("{}: cannot compete for {}", instanceId, ClusterPaths.dpidNode(dpid), e);
            }
        }

        void leave() {
            if (pendingJoin != null) {
                pendingJoin.cancel(false);
            }
            LeaderLatch l = latch;
            if (l != null) {
                try {
                    l.close();
                } catch (IOException | IllegalStateException e) {
                    LOG.debug("closing the election of {}: {}", ClusterPaths.dpidNode(dpid), e.toString());
                }
            }
        }
    }
}
