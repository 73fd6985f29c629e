package io.natflow.nat.openflow;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchListener;
import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Nat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin layer between the controller and the routers: finds the router of a switch by
 * datapath id, hands it events with the time, writes what it returns, and runs its timers. A
 * router (and its mappings) outlives a reconnect of its switch.
 */
public final class NatApp implements SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(NatApp.class);
    private static final long TICK_MILLIS = 1_000;
    /** Events kept per switch while its flows are read back (a restore takes well under a second). */
    private static final int RESTORE_HOLD_CAPACITY = 4096;
    /** How often the packet-in meters are read back for the metrics. */
    private static final long METER_READ_MILLIS = 5_000;

    private final Map<Long, NatRouter> routers = new ConcurrentHashMap<>();
    private final Map<Long, OpenFlowSwitch> connected = new ConcurrentHashMap<>();
    private final Map<Long, List<ScheduledFuture<?>>> timers = new ConcurrentHashMap<>();
    private final Map<Long, RestoreHold> holds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final NatCounters counters = new NatCounters();

    /**
     * Builds every configured router now, with its forwards, so a bad configuration stops startup.
     *
     * @throws IllegalArgumentException for a duplicate datapath id or a conflicting forward
     */
    public NatApp(List<RouterConfig> configs, ScheduledExecutorService scheduler, LongSupplier clock) {
        this.scheduler = scheduler;
        this.clock = clock;
        OFFactory of13 = OFFactories.getFactory(OFVersion.OF_13);
        for (RouterConfig c : configs) {
            if (routers.containsKey(c.datapathId())) {
                throw new IllegalArgumentException(String.format("two routers for datapath id %016x", c.datapathId()));
            }
            Nat nat = new Nat(c.nat());
            for (ForwardRule rule : c.forwards()) {
                ForwardResult result = nat.addForward(rule, clock.getAsLong());
                if (result instanceof ForwardResult.Conflict conflict) {
                    throw new IllegalArgumentException("forward " + rule + " conflicts: " + conflict);
                }
            }
            routers.put(c.datapathId(), new NatRouter(c, nat, of13, counters));
            holds.put(c.datapathId(), new RestoreHold(RESTORE_HOLD_CAPACITY));
        }
    }

    public NatCounters counters() {
        return counters;
    }

    public Optional<NatRouter> router(long datapathId) {
        return Optional.ofNullable(routers.get(datapathId));
    }

    public Map<Long, NatRouter> routers() {
        return Map.copyOf(routers);
    }

    @Override
    public void switchUp(OpenFlowSwitch sw) {
        long dpid = sw.datapathId().getLong();
        NatRouter router = routers.get(dpid);
        if (router == null) {
            LOG.warn("switch {} has no NAT configuration; it only has the table-miss entry", sw.datapathId());
            return;
        }
        List<OFMessage> setup;
        try {
            setup = router.start(sw.ports(), clock.getAsLong());
        } catch (IllegalStateException e) {
            LOG.error("switch {} cannot be a NAT router: {}", sw.datapathId(), e.getMessage());
            return;
        }
        send(sw, List.of(asyncConfig(sw.factory()), fragmentConfig(sw.factory())));
        if (router.withNat(Nat::size) == 0) {
            restoreFromSwitch(sw, router); // sessions an earlier controller run left in the datapath
        }
        send(sw, setup);
        LOG.info("switch {} is a NAT router: {} static flow-mod(s) sent", sw.datapathId(), setup.size());
        connected.put(dpid, sw);
        startTimers(sw, router);
    }

    /**
     * Runs a change on a router (REST: delete a mapping, remove a forward) and sends the messages
     * it returns to the switch if connected (if not, stale flows of a deleted mapping idle out).
     */
    public <T> Optional<T> change(long datapathId, java.util.function.Function<NatRouter, Change<T>> action) {
        NatRouter router = routers.get(datapathId);
        if (router == null) {
            return Optional.empty();
        }
        Change<T> change = action.apply(router);
        OpenFlowSwitch sw = connected.get(datapathId);
        if (sw != null && sw.isConnected()) {
            send(sw, change.messages());
        }
        return Optional.ofNullable(change.result());
    }

    /** A router change's result and the messages that carry it out in the switch. */
    public record Change<T>(T result, List<OFMessage> messages) {}

    public boolean isConnected(long datapathId) {
        OpenFlowSwitch sw = connected.get(datapathId);
        return sw != null && sw.isConnected();
    }

    public long now() {
        return clock.getAsLong();
    }

    @Override
    public void switchDown(OpenFlowSwitch sw) {
        connected.remove(sw.datapathId().getLong(), sw);
        List<ScheduledFuture<?>> running = timers.remove(sw.datapathId().getLong());
        if (running != null) {
            running.forEach(f -> f.cancel(false));
        }
    }

    @Override
    public void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn) {
        handleOrHold(sw, packetIn);
    }

    @Override
    public void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved flowRemoved) {
        handleOrHold(sw, flowRemoved);
    }

    /** While the switch's flows are read back, events wait (see {@link RestoreHold}). */
    private void handleOrHold(OpenFlowSwitch sw, OFMessage event) {
        long dpid = sw.datapathId().getLong();
        NatRouter router = routers.get(dpid);
        if (router == null) {
            return;
        }
        switch (holds.get(dpid).offer(event)) {
            case NOT_HOLDING -> handle(sw, router, event);
            case HELD -> counters.increment("restore_held");
            case FULL -> counters.drop(RouterDrop.RESTORE_HOLD_FULL);
        }
    }

    private void handle(OpenFlowSwitch sw, NatRouter router, OFMessage event) {
        long now = clock.getAsLong();
        if (event instanceof OFPacketIn pi) {
            send(sw, router.packetIn(pi, now));
        } else if (event instanceof OFFlowRemoved removed) {
            send(sw, router.flowRemoved(removed, now));
        }
    }

    private void startTimers(OpenFlowSwitch sw, NatRouter router) {
        List<ScheduledFuture<?>> started = List.of(
                scheduler.scheduleWithFixedDelay(() -> guarded(sw, "tick", () -> send(sw, router.tick(clock.getAsLong()))),
                        TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS),
                scheduler.scheduleWithFixedDelay(() -> guarded(sw, "meter stats", () -> readMeters(sw, router)),
                        METER_READ_MILLIS, METER_READ_MILLIS, TimeUnit.MILLISECONDS));
        List<ScheduledFuture<?>> previous = timers.put(sw.datapathId().getLong(), started);
        if (previous != null) {
            previous.forEach(f -> f.cancel(false));
        }
    }

    private void readMeters(OpenFlowSwitch sw, NatRouter router) {
        sw.multipart(router.meterStatsRequest())
                .thenAccept(router::meterStats)
                .exceptionally(e -> {
                    LOG.debug("meter stats from {} failed: {}", sw.datapathId(), e.toString());
                    return null;
                });
    }

    private void guarded(OpenFlowSwitch sw, String what, Runnable task) {
        try {
            if (sw.isConnected()) {
                task.run();
            }
        } catch (RuntimeException e) {
            LOG.error("{} for switch {} failed", what, sw.datapathId(), e);
        }
    }

    private void send(OpenFlowSwitch sw, List<OFMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        for (OFMessage m : messages) {
            if (m.getType() == OFType.FLOW_MOD) {
                counters.increment("sent.flow_mod");
            } else if (m.getType() == OFType.PACKET_OUT) {
                counters.increment("sent.packet_out");
            }
        }
        sw.write(messages);
    }

    /**
     * Fragment handling "nx-match" (OVS's OFPC_FRAG_NX_MATCH = 3): first fragments keep their
     * L4 ports, so they match the session flows; later fragments (ports 0) miss and reach the
     * slow path. With the default "normal" OVS zeroes the ports of every fragment, so a first
     * fragment never matched the flow installed for it and looped packet-out -> miss ->
     * packet-in forever. loxi has no OF 1.3 name for 3; DROP|REASM is the same wire value.
     */
    private static OFMessage fragmentConfig(OFFactory f) {
        return f.buildSetConfig()
                .setFlags(java.util.EnumSet.of(org.projectfloodlight.openflow.protocol.OFConfigFlags.FRAG_DROP,
                        org.projectfloodlight.openflow.protocol.OFConfigFlags.FRAG_REASM))
                .setMissSendLen(0xffff)
                .build();
    }

    /** Packet-ins for table miss, actions and invalid TTL; every flow-removed reason; all port status. */
    private static OFMessage asyncConfig(OFFactory f) {
        return f.buildAsyncSet()
                .setPacketInMaskEqualMaster(0b111)
                .setPacketInMaskSlave(0)
                .setPortStatusMaskEqualMaster(0b111)
                .setPortStatusMaskSlave(0)
                .setFlowRemovedMaskEqualMaster(0b1111)
                .setFlowRemovedMaskSlave(0)
                .build();
    }

    /**
     * Reads the NAT table back into the core. Until that is done, packet-ins and flow removals
     * are held, then handled in order (an event handled first would race the restore for ids
     * and ports); events that arrived for a connection that has gone meanwhile are discarded.
     */
    private void restoreFromSwitch(OpenFlowSwitch sw, NatRouter router) {
        RestoreHold hold = holds.get(sw.datapathId().getLong());
        long token = hold.begin();
        sw.multipart(natTableStats(sw.factory()))
                .thenAccept((List<OFFlowStatsReply> replies) -> send(sw, router.restore(replies, clock.getAsLong(),
                        n -> LOG.info("switch {}: {} mapping(s) restored from its flows", sw.datapathId(), n))))
                .exceptionally(e -> {
                    LOG.warn("switch {}: could not read flows back ({}); deleting its session flows", sw.datapathId(), e.toString());
                    send(sw, List.of(sessionFlowsDelete(sw.factory())));
                    return null;
                })
                .whenComplete((ignored, error) -> hold.release(token, event -> {
                    if (sw.isConnected()) {
                        handle(sw, router, event);
                    } else {
                        counters.increment("restore_held_discarded");
                    }
                }));
    }

    /** Every session flow of the NAT table (cookie = mapping id), not the router's own flows there. */
    private static OFMessage sessionFlowsDelete(OFFactory f) {
        return f.buildFlowDelete().setTableId(Tables.NAT)
                .setCookie(U64.ZERO).setCookieMask(Tables.STATIC_COOKIE_MASK)
                .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build();
    }

    private static org.projectfloodlight.openflow.protocol.OFFlowStatsRequest natTableStats(OFFactory f) {
        return f.buildFlowStatsRequest().setTableId(Tables.NAT).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build();
    }
}
