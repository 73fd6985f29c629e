package io.natflow.nat.openflow;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.RoleRequestRefusedException;
import io.natflow.controller.SwitchRole;
import io.natflow.nat.service.ClusterMember;
import io.natflow.nat.service.ClusterService;
import io.natflow.nat.service.ClusterStatus;
import io.natflow.nat.service.MasterClaim;
import io.natflow.nat.service.Mastership;
import io.natflow.nat.service.MastershipCounts;
import io.natflow.nat.service.SwitchMastership;
import io.natflow.nat.service.SwitchRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue between the switches' connections, the routers and {@link Mastership}: a switch that
 * connects is competed for; the router starts on it only once this instance masters it. In a
 * cluster: ROLE_REQUEST(MASTER, generation id) first, then the router's usual start (restore of
 * the mappings from the switch's flows, then the pipeline; no allocation before the restore). On
 * losing mastership the connection steps down first (no more writes, synchronously), then the
 * router stops and forgets its mappings (the next master owns them; if this instance masters the
 * switch again it reads them back from the switch). Alone ({@link io.natflow.nat.service.SoleMastership}) a switch is
 * granted at once and nothing differs from a natflow without roles.
 */
final class SwitchRoles implements Mastership.Listener, ClusterService {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchRoles.class);

    private final Map<Long, RouterHost> hosts;
    private final Mastership mastership;
    /** The switches connected here that have a router, by datapath id. */
    private final Map<Long, OpenFlowSwitch> switches = new ConcurrentHashMap<>();
    /** The generation id of each datapath this instance masters, as the mastership told us. */
    private final Map<Long, Long> mastered = new ConcurrentHashMap<>();
    /** Reads of the coordination service for REST, off the callers' threads. */
    private final ExecutorService reads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "natflow-cluster-reads");
        t.setDaemon(true);
        return t;
    });

    private final LongAdder roleRequestsSent = new LongAdder();
    private final LongAdder roleRequestsGranted = new LongAdder();
    private final LongAdder roleRequestsStale = new LongAdder();
    private final LongAdder roleRequestsRefused = new LongAdder();
    private final LongAdder demotions = new LongAdder();
    private final LongAdder gained = new LongAdder();
    private final LongAdder lost = new LongAdder();
    /** Counted by the routers: switch events for a connection the router is not started on. */
    private final LongAdder ignored;

    SwitchRoles(Map<Long, RouterHost> hosts, Mastership mastership, LongAdder ignored) {
        this.hosts = hosts;
        this.mastership = mastership;
        this.ignored = ignored;
        mastership.listen(this);
    }

    /** Netty: a switch with a router connected. In a cluster it writes nothing until it is master. */
    void switchUp(OpenFlowSwitch sw) {
        long dpid = sw.datapathId().getLong();
        if (mastership.requestsRoles()) {
            sw.stepDown("not master of this switch (yet)");
        }
        switches.put(dpid, sw);
        mastership.compete(dpid);
    }

    /** Netty: the connection went; a newer connection of the same switch keeps competing. */
    void switchDown(OpenFlowSwitch sw) {
        long dpid = sw.datapathId().getLong();
        RouterHost host = hosts.get(dpid);
        host.loop().execute(() -> host.stop(sw));
        if (switches.remove(dpid, sw)) {
            mastership.withdraw(dpid);
        }
    }

    /** Netty: the switch said another controller is master (OFPBRC_IS_SLAVE): let the election settle. */
    void demoted(OpenFlowSwitch sw) {
        long dpid = sw.datapathId().getLong();
        demotions.increment();
        if (switches.get(dpid) == sw) {
            LOG.warn("switch {}: another controller is master; stepping down and competing again", sw.datapathId());
            RouterHost host = hosts.get(dpid);
            host.loop().execute(() -> host.stop(sw));
            mastership.withdraw(dpid);
            mastership.compete(dpid);
        }
    }

    @Override
    public void becameMaster(long dpid, long generationId) {
        gained.increment();
        mastered.put(dpid, generationId);
        OpenFlowSwitch sw = switches.get(dpid);
        RouterHost host = hosts.get(dpid);
        if (sw == null || host == null) {
            return;
        }
        if (!mastership.requestsRoles()) {
            host.loop().execute(() -> host.start(sw));
            return;
        }
        host.loop().execute(() -> claim(host, sw, generationId));
    }

    /** Loop: ROLE_REQUEST(MASTER); the router starts when the switch grants it. */
    private void claim(RouterHost host, OpenFlowSwitch sw, long generationId) {
        if (!stillMaster(sw, generationId)) {
            return;
        }
        roleRequestsSent.increment();
        sw.requestRole(SwitchRole.MASTER, generationId)
                .whenComplete((reply, error) -> host.loop().execute(() -> granted(host, sw, generationId, error)));
    }

    /** Loop: the switch answered the role request. */
    private void granted(RouterHost host, OpenFlowSwitch sw, long generationId, Throwable error) {
        long dpid = sw.datapathId().getLong();
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            roleRequestsGranted.increment();
            if (stillMaster(sw, generationId)) {
                LOG.info("switch {}: master with generation id {}", sw.datapathId(), generationId);
                host.forgetMappings(); // the switch's flows are the truth: read them back
                host.start(sw);
            }
        } else if (cause instanceof RoleRequestRefusedException refused && refused.isStale()) {
            roleRequestsStale.increment(); // a newer master exists: ZooKeeper will say so
            LOG.warn("switch {}: generation id {} is stale", sw.datapathId(), generationId);
        } else {
            roleRequestsRefused.increment();
            LOG.warn("switch {}: role request failed ({}); letting another instance try", sw.datapathId(), cause);
            if (switches.get(dpid) == sw && sw.isConnected()) {
                mastership.withdraw(dpid);
                mastership.compete(dpid);
            }
        }
    }

    private boolean stillMaster(OpenFlowSwitch sw, long generationId) {
        long dpid = sw.datapathId().getLong();
        Long current = mastered.get(dpid);
        return sw.isConnected() && switches.get(dpid) == sw && current != null && current == generationId;
    }

    @Override
    public void lostMastership(long dpid) {
        lost.increment();
        mastered.remove(dpid);
        OpenFlowSwitch sw = switches.get(dpid);
        RouterHost host = hosts.get(dpid);
        if (!mastership.requestsRoles() || host == null) {
            return; // alone this only follows a switchDown, which stopped the router
        }
        if (sw != null) {
            sw.stepDown("lost mastership"); // first, and synchronously: no write from here on
        }
        host.loop().execute(() -> {
            if (sw != null) {
                host.stop(sw);
            }
            host.forgetMappings();
        });
    }

    /** Whether this instance masters the datapath and its router runs there. */
    boolean masters(long dpid) {
        RouterHost host = hosts.get(dpid);
        return mastered.containsKey(dpid) && host != null && host.connectedSwitch() != null;
    }

    @Override
    public CompletableFuture<ClusterStatus> status() {
        return CompletableFuture.supplyAsync(this::readStatus, reads);
    }

    /** What the coordination service answers; while it cannot be read, no instances and no masters. */
    private ClusterStatus readStatus() {
        List<SwitchMastership> out = new ArrayList<>();
        for (long dpid : hosts.keySet()) {
            OpenFlowSwitch sw = switches.get(dpid);
            Optional<MasterClaim> master = readMaster(dpid);
            if (sw == null && master.isEmpty()) {
                continue; // neither here nor elected anywhere
            }
            out.add(new SwitchMastership(
                    dpid,
                    master,
                    sw == null || !sw.isConnected() ? "NONE" : sw.role().name()));
        }
        List<ClusterMember> members;
        try {
            members = mastership.members();
        } catch (Exception e) {
            LOG.debug("cannot list the instances: {}", e.toString());
            members = List.of();
        }
        return new ClusterStatus(mastership.self(), mastership.coordination(), members, out);
    }

    private Optional<MasterClaim> readMaster(long dpid) {
        try {
            return mastership.master(dpid);
        } catch (Exception e) {
            LOG.debug("cannot read the master of {}: {}", String.format("%016x", dpid), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public CompletableFuture<SwitchRoute> route(long dpid) {
        if (!mastership.requestsRoles() || masters(dpid)) {
            return CompletableFuture.completedFuture(new SwitchRoute.Local());
        }
        return CompletableFuture.supplyAsync(() -> remoteRoute(dpid), reads);
    }

    private SwitchRoute remoteRoute(long dpid) {
        try {
            Optional<MasterClaim> master = mastership.master(dpid);
            if (master.isEmpty()) {
                return new SwitchRoute.Unavailable("no instance masters this switch now");
            }
            String id = master.get().instanceId();
            if (id.equals(mastership.self())) {
                return masters(dpid)
                        ? new SwitchRoute.Local()
                        : new SwitchRoute.Unavailable("this instance is taking over the switch");
            }
            for (ClusterMember m : mastership.members()) {
                if (m.id().equals(id) && m.restUrl() != null) {
                    return new SwitchRoute.Remote(id, m.restUrl());
                }
            }
            return new SwitchRoute.Unavailable("master " + id + " is not registered");
        } catch (Exception e) {
            return new SwitchRoute.Unavailable("cannot read the cluster: " + e.getMessage());
        }
    }

    @Override
    public MastershipCounts counts() {
        return new MastershipCounts(
                roleRequestsSent.sum(),
                roleRequestsGranted.sum(),
                roleRequestsStale.sum(),
                roleRequestsRefused.sum(),
                demotions.sum(),
                gained.sum(),
                lost.sum(),
                ignored.sum());
    }

    void shutdown() {
        reads.shutdownNow();
    }
}
