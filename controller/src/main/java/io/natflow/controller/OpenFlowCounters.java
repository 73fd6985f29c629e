package io.natflow.controller;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the OpenFlow server did to protect itself, since it started: connections closed or refused
 * by reason, times it stopped reading from a peer that did not read our writes, requests refused
 * because too many were pending, and the largest outbound queue any connection reached.
 * Thread-safe.
 */
public final class OpenFlowCounters {
    private final Map<ConnectionDrop, LongAdder> drops = new EnumMap<>(ConnectionDrop.class);
    private final LongAdder readPauses = new LongAdder();
    private final LongAdder requestsRefused = new LongAdder();
    private final AtomicLong peakWriteQueueBytes = new AtomicLong();

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
}
