package io.natflow.nat.openflow;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchListener;
import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Nat;
import io.natflow.nat.service.ClusterService;
import io.natflow.nat.service.Mastership;
import io.natflow.nat.service.NatService;
import io.natflow.nat.service.SoleMastership;
import io.natflow.nat.service.UnknownRouterException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's listener for NAT routers: finds the router of a switch by datapath id and
 * hands the event to that router's event loop ({@link RouterHost}); {@link #service()} is the
 * API everything else uses. A router (and its mappings) outlives a reconnect of its switch.
 */
public final class NatApp implements SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(NatApp.class);
    /** Events kept per switch while its flows are read back (a restore takes well under a second). */
    private static final int RESTORE_HOLD_CAPACITY = 4096;
    /** Switch events waiting on one router's loop at most; more are dropped (and counted). */
    static final int EVENT_QUEUE_CAPACITY = 16_384;

    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Map<Long, RouterHost> hosts;
    private final NatCounters counters = new NatCounters();
    private final LongSupplier clock;
    private final NatService service;
    private final SwitchRoles roles;

    /** Routers with the default time a switch has to answer a flow-stats request of the service. */
    public NatApp(List<RouterConfig> configs, ScheduledExecutorService scheduler, LongSupplier clock) {
        this(configs, scheduler, clock, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Alone: every switch is mastered at once, without role requests (see {@link SoleMastership}). */
    public NatApp(
            List<RouterConfig> configs,
            ScheduledExecutorService scheduler,
            LongSupplier clock,
            Duration requestTimeout) {
        this(configs, scheduler, clock, requestTimeout, new SoleMastership(null, clock));
    }

    /**
     * Builds every configured router now, with its forwards, so a bad configuration stops startup.
     * Each router gets its own event loop thread, "natflow-router-&lt;datapath id&gt;".
     *
     * @param scheduler      fires the routers' timers (their work runs on the routers' loops)
     * @param clock          the one clock, epoch milliseconds
     * @param requestTimeout how long a switch has to answer a request of the service
     * @param mastership     who masters which switch: {@link SoleMastership} alone, an election in a cluster
     * @throws IllegalArgumentException for a duplicate datapath id or a conflicting forward
     */
    public NatApp(
            List<RouterConfig> configs,
            ScheduledExecutorService scheduler,
            LongSupplier clock,
            Duration requestTimeout,
            Mastership mastership) {
        this.clock = clock;
        LongAdder ignored = new LongAdder();
        OFFactory of13 = OFFactories.getFactory(OFVersion.OF_13);
        Map<Long, RouterHost> built = new TreeMap<>(Long::compareUnsigned);
        for (RouterConfig c : configs) {
            if (built.containsKey(c.datapathId())) {
                throw new IllegalArgumentException(String.format("two routers for datapath id %016x", c.datapathId()));
            }
            RouterLoop loop =
                    new RouterLoop(String.format("natflow-router-%016x", c.datapathId()), EVENT_QUEUE_CAPACITY);
            built.put(
                    c.datapathId(),
                    new RouterHost(
                            c.datapathId(),
                            forwards -> router(c, forwards, of13, clock),
                            c.forwards(),
                            loop,
                            new RestoreHold(RESTORE_HOLD_CAPACITY),
                            counters,
                            clock,
                            scheduler,
                            ignored));
        }
        this.hosts = java.util.Collections.unmodifiableMap(built);
        this.service = new LoopNatService(hosts, counters, clock, requestTimeout);
        this.roles = new SwitchRoles(hosts, mastership, ignored);
    }

    /** A router with an empty table holding {@code forwards}. */
    private NatRouter router(RouterConfig c, List<ForwardRule> forwards, OFFactory of13, LongSupplier clock) {
        Nat nat = new Nat(c.nat());
        for (ForwardRule rule : forwards) {
            ForwardResult result = nat.addForward(rule, clock.getAsLong());
            if (result instanceof ForwardResult.Conflict conflict) {
                throw new IllegalArgumentException("forward " + rule + " conflicts: " + conflict);
            }
        }
        return new NatRouter(c, nat, of13, counters);
    }

    /** The API for REST, CLI, metrics and health checks. */
    public NatService service() {
        return service;
    }

    /** Who masters which switch, for REST (alone: a cluster of one). */
    public ClusterService cluster() {
        return roles;
    }

    public NatCounters counters() {
        return counters;
    }

    /**
     * Runs {@code action} on the router's core as a task on its event loop: for tests and tools
     * that set up or inspect state directly. It is not a lock: nothing else runs on that router
     * meanwhile, so it must be short.
     */
    public <T> CompletableFuture<T> inspect(long datapathId, Function<Nat, T> action) {
        RouterHost host = hosts.get(datapathId);
        if (host == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        return host.loop().call(() -> action.apply(host.router().core()));
    }

    /** Stops the routers' event loops (queued tasks still run). */
    public void shutdown() {
        hosts.values().forEach(h -> h.loop().shutdown());
        roles.shutdown();
    }

    @Override
    public void switchUp(OpenFlowSwitch sw) {
        RouterHost host = hosts.get(sw.datapathId().getLong());
        if (host == null) {
            LOG.warn("switch {} has no NAT configuration; it only has the table-miss entry", sw.datapathId());
            return;
        }
        roles.switchUp(sw); // the router starts when this instance masters the switch
    }

    @Override
    public void switchDown(OpenFlowSwitch sw) {
        if (hosts.containsKey(sw.datapathId().getLong())) {
            roles.switchDown(sw);
        }
    }

    @Override
    public void demoted(OpenFlowSwitch sw) {
        if (hosts.containsKey(sw.datapathId().getLong())) {
            roles.demoted(sw);
        }
    }

    @Override
    public void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn) {
        RouterHost host = hosts.get(sw.datapathId().getLong());
        if (host != null) {
            host.submitEvent(sw, packetIn);
        }
    }

    @Override
    public void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved flowRemoved) {
        RouterHost host = hosts.get(sw.datapathId().getLong());
        if (host != null) {
            host.submitEvent(sw, flowRemoved);
        }
    }

    /** Epoch milliseconds from the one clock. */
    public long now() {
        return clock.getAsLong();
    }
}
