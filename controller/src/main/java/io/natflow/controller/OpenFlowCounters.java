package io.natflow.controller;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the OpenFlow server did to protect itself, since it started: connections closed or refused
 * by reason, times it stopped reading from a peer that did not read our writes, requests refused
 * because too many were pending, the largest outbound queue any connection reached, and what the
 * OpenFlow roles refused (our writes while SLAVE, the switch's refusals of our role requests).
 * Thread-safe.
 */
public final class OpenFlowCounters {
    private final Map<ConnectionDrop, LongAdder> drops = new EnumMap<>(ConnectionDrop.class);
    private final LongAdder readPauses = new LongAdder();
    private final LongAdder requestsRefused = new LongAdder();
    private final AtomicLong peakWriteQueueBytes = new AtomicLong();
    private final LongAdder writesRefusedNotMaster = new LongAdder();
    private final LongAdder roleRequestsStale = new LongAdder();
    private final LongAdder roleRequestsRefused = new LongAdder();
    private final LongAdder demotionsBySwitch = new LongAdder();

    public OpenFlowCounters() {
        for (ConnectionDrop reason : ConnectionDrop.values()) {
            drops.put(reason, new LongAdder());
        }
    }

    public void drop(ConnectionDrop reason) {
        drops.get(reason).increment();
    }

    public long drops(ConnectionDrop reason) {
        return drops.get(reason).sum();
    }

    public void readPaused() {
        readPauses.increment();
    }

    /** How often reading from a peer was paused because our writes to it were not being read. */
    public long readPauses() {
        return readPauses.sum();
    }

    public void requestRefused() {
        requestsRefused.increment();
    }

    /** Requests failed at once because {@link ConnectionLimits#maxPendingRequests()} were waiting. */
    public long requestsRefused() {
        return requestsRefused.sum();
    }

    public void writeQueued(long queuedBytes) {
        if (queuedBytes > peakWriteQueueBytes.get()) { // a plain read first: most writes set no new peak
            peakWriteQueueBytes.accumulateAndGet(queuedBytes, Math::max);
        }
    }

    /** The most bytes that ever waited to be sent on one connection. */
    public long peakWriteQueueBytes() {
        return peakWriteQueueBytes.get();
    }

    public void writesRefusedNotMaster(long messages) {
        writesRefusedNotMaster.add(messages);
    }

    /** Messages not sent because the connection was SLAVE: state-changing writes and their batches, barriers. */
    public long writesRefusedNotMaster() {
        return writesRefusedNotMaster.sum();
    }

    public void roleRequestStale() {
        roleRequestsStale.increment();
    }

    /** ROLE_REQUESTs the switch refused as stale: another controller holds a newer generation id. */
    public long roleRequestsStale() {
        return roleRequestsStale.sum();
    }

    public void roleRequestRefused() {
        roleRequestsRefused.increment();
    }

    /** ROLE_REQUESTs the switch refused for any other reason (unsupported, bad role). */
    public long roleRequestsRefused() {
        return roleRequestsRefused.sum();
    }

    public void demotedBySwitch() {
        demotionsBySwitch.increment();
    }

    /** Times a switch answered a write with OFPBRC_IS_SLAVE: another controller took mastership. */
    public long demotionsBySwitch() {
        return demotionsBySwitch.sum();
    }
}
