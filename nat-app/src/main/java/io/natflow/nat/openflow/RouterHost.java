package io.natflow.nat.openflow;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Nat;
import io.natflow.nat.service.NatEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One router on its event loop: starts it when its switch connects (switch settings, restore
 * decision, pipeline), hands it events, runs its timers as loop tasks, and writes what it
 * returns. Every method but {@link #connectedSwitch} and the {@code submit} ones runs on the loop.
 */
final class RouterHost {
    private static final Logger LOG = LoggerFactory.getLogger(RouterHost.class);
    private static final long TICK_MILLIS = 1_000;
    /** How often the packet-in meters are read back for the metrics. */
    private static final long METER_READ_MILLIS = 5_000;

    private final long datapathId;
    /** Builds a fresh router holding the given forwards (a new master forgets what it held before). */
    private final Function<List<ForwardRule>, NatRouter> fresh;
    /** Replaced on the loop only ({@link #forgetMappings}); read by service tasks on the loop. */
    private volatile NatRouter router;

    private final RouterLoop loop;
    private final RestoreHold hold;
    private final NatCounters counters;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final LongAdder ignored;
    /** Set on the loop; read by service calls from any thread. */
    private volatile OpenFlowSwitch connected;

    private List<ScheduledFuture<?>> timers = List.of();
    /** One tick waits on the loop at most: a stalled loop does not pile ticks up. */
    private final AtomicBoolean tickQueued = new AtomicBoolean();

    RouterHost(
            long datapathId,
            Function<List<ForwardRule>, NatRouter> fresh,
            List<ForwardRule> forwards,
            RouterLoop loop,
            RestoreHold hold,
            NatCounters counters,
            LongSupplier clock,
            ScheduledExecutorService scheduler,
            LongAdder ignored) {
        this.datapathId = datapathId;
        this.fresh = fresh;
        this.router = fresh.apply(forwards);
        this.ignored = ignored;
        this.loop = loop;
        this.hold = hold;
        this.counters = counters;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    long datapathId() {
        return datapathId;
    }

    NatRouter router() {
        return router;
    }

    RouterLoop loop() {
        return loop;
    }

    /** The switch while it is connected and the router started on it; else null. Any thread. */
    OpenFlowSwitch connectedSwitch() {
        OpenFlowSwitch sw = connected;
        return sw != null && sw.isConnected() ? sw : null;
    }

    /** From Netty: the switch event, as a loop task; a full loop drops and counts it. */
    void submitEvent(OpenFlowSwitch sw, OFMessage event) {
        if (!loop.offerEvent(() -> handleOrHold(sw, event))) {
            counters.drop(RouterDrop.EVENT_QUEUE_FULL);
        }
    }

    /** Runs {@code change} on the loop and writes its messages to the switch if connected. */
    <T> CompletableFuture<T> submitChange(Supplier<RouterChange<T>> change) {
        return loop.call(() -> {
            RouterChange<T> c = change.get();
            OpenFlowSwitch sw = connectedSwitch();
            if (sw != null) {
                send(sw, c.messages()); // if not connected, stale flows of a deleted mapping idle out
            }
            return c.result();
        });
    }

    /** Loop: the switch connected. Switch settings, then the restore decision, then the pipeline. */
    void start(OpenFlowSwitch sw) {
        List<OFMessage> setup;
        try {
            setup = router.start(sw.ports(), clock.getAsLong());
        } catch (IllegalStateException e) {
            LOG.error("switch {} cannot be a NAT router: {}", sw.datapathId(), e.getMessage());
            return;
        }
        send(sw, SwitchConfigMessages.of(sw.factory()));
        if (router.core().size() == 0) {
            restoreFromSwitch(sw); // sessions an earlier controller run left in the datapath
        }
        send(sw, setup);
        LOG.info("switch {} is a NAT router: {} static flow-mod(s) sent", sw.datapathId(), setup.size());
        connected = sw;
        startTimers(sw);
    }

    /** Loop: the switch went away (only this connection: a newer one may have started already). */
    void stop(OpenFlowSwitch sw) {
        if (connected == sw) {
            connected = null;
            timers.forEach(f -> f.cancel(false));
            timers = List.of();
        }
    }

    /**
     * Loop: drops the mappings, sessions and leases (keeping the forwards) by building a fresh
     * router, if it holds any. A cluster instance does this when it loses a switch (the next
     * master owns its mappings) and before it masters one (it reads them back from the flows).
     */
    void forgetMappings() {
        NatRouter r = router;
        if (r.core().size() > 0 || !r.core().leases().isEmpty()) {
            LOG.info(
                    "switch {}: forgetting {} mapping(s); the switch's master owns them",
                    datapathIdText(),
                    r.core().size());
            Nat core = r.core();
            router = fresh.apply(core.forwards().stream()
                    .filter(f -> !(f instanceof ForwardRule.PortForward pf
                            && core.leaseOf(pf).isPresent()))
                    .toList());
        }
    }

    private String datapathIdText() {
        return String.format("%016x", datapathId);
    }

    /**
     * While the switch's flows are read back, events wait (see {@link RestoreHold}). Events of a
     * connection the router is not started on (in a cluster: this instance is not its master) are
     * dropped and counted.
     */
    private void handleOrHold(OpenFlowSwitch sw, OFMessage event) {
        if (connected != sw) {
            ignored.increment();
            return;
        }
        switch (hold.offer(event)) {
            case NOT_HOLDING -> handle(sw, event);
            case HELD -> counters.count(NatEvent.RESTORE_HELD);
            case FULL -> counters.drop(RouterDrop.RESTORE_HOLD_FULL);
        }
    }

    private void handle(OpenFlowSwitch sw, OFMessage event) {
        long now = clock.getAsLong();
        try {
            if (event instanceof OFPacketIn pi) {
                send(sw, router.packetIn(pi, now));
            } else if (event instanceof OFFlowRemoved removed) {
                send(sw, router.flowRemoved(removed, now));
            }
        } catch (RuntimeException e) {
            LOG.error("switch {}: {} failed", sw.datapathId(), event.getType(), e);
        }
    }

    private void startTimers(OpenFlowSwitch sw) {
        timers.forEach(f -> f.cancel(false));
        timers = List.of(
                scheduler.scheduleWithFixedDelay(() -> queueTick(sw), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS),
                scheduler.scheduleWithFixedDelay(
                        () -> loop.execute(() -> guarded(sw, "meter stats", () -> readMeters(sw))),
                        METER_READ_MILLIS,
                        METER_READ_MILLIS,
                        TimeUnit.MILLISECONDS));
    }

    /** Scheduler thread: queues the tick on the loop unless one is still waiting there. */
    private void queueTick(OpenFlowSwitch sw) {
        if (tickQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                tickQueued.set(false);
                guarded(sw, "tick", () -> send(sw, router.tick(clock.getAsLong())));
            });
        }
    }

    private void readMeters(OpenFlowSwitch sw) {
        sw.multipart(router.meterStatsRequest())
                .thenAccept(replies -> loop.execute(() -> router.meterStats(replies)))
                .exceptionally(e -> {
                    LOG.debug("meter stats from {} failed: {}", sw.datapathId(), e.toString());
                    return null;
                });
    }

    private void guarded(OpenFlowSwitch sw, String what, Runnable task) {
        try {
            if (sw.isConnected() && connected == sw) {
                task.run();
            }
        } catch (RuntimeException e) {
            LOG.error("{} for switch {} failed", what, sw.datapathId(), e);
        }
    }

    /**
     * Reads the NAT table back into the core. Until that is done, packet-ins and flow removals
     * are held, then handled in order (an event handled first would race the restore for ids
     * and ports); events that arrived for a connection that has gone meanwhile are discarded.
     * The reply arrives on a Netty thread and is handed to the loop, behind the events held.
     */
    private void restoreFromSwitch(OpenFlowSwitch sw) {
        long token = hold.begin();
        sw.multipart(natTableStats(sw.factory())).whenComplete((replies, error) -> {
            if (!loop.execute(() -> restoreDone(sw, token, replies, error))) {
                LOG.warn("switch {}: restore reply after shutdown", sw.datapathId());
            }
        });
    }

    private void restoreDone(OpenFlowSwitch sw, long token, List<OFFlowStatsReply> replies, Throwable error) {
        try {
            if (error == null) {
                RouterChange<Integer> restored = router.restore(replies, clock.getAsLong());
                LOG.info("switch {}: {} mapping(s) restored from its flows", sw.datapathId(), restored.result());
                send(sw, restored.messages());
            } else {
                LOG.warn(
                        "switch {}: could not read flows back ({}); deleting its session flows",
                        sw.datapathId(),
                        error.toString());
                send(sw, List.of(sessionFlowsDelete(sw.factory())));
            }
        } catch (RuntimeException e) {
            LOG.error("switch {}: restore failed", sw.datapathId(), e);
        }
        hold.release(token, event -> {
            if (sw.isConnected()) {
                handle(sw, event);
            } else {
                counters.count(NatEvent.RESTORE_HELD_DISCARDED);
            }
        });
    }

    /** Writes {@code messages} and counts the flow-mods and packet-outs among them. Any thread. */
    void send(OpenFlowSwitch sw, List<OFMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        for (OFMessage m : messages) {
            if (m.getType() == OFType.FLOW_MOD) {
                counters.count(NatEvent.SENT_FLOW_MOD);
            } else if (m.getType() == OFType.PACKET_OUT) {
                counters.count(NatEvent.SENT_PACKET_OUT);
            }
        }
        sw.write(messages);
    }

    /** Every session flow of the NAT table (cookie = mapping id), not the router's own flows there. */
    private static OFMessage sessionFlowsDelete(OFFactory f) {
        return f.buildFlowDelete()
                .setTableId(Tables.NAT)
                .setCookie(U64.ZERO)
                .setCookieMask(Tables.STATIC_COOKIE_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    private static OFFlowStatsRequest natTableStats(OFFactory f) {
        return f.buildFlowStatsRequest()
                .setTableId(Tables.NAT)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }
}
