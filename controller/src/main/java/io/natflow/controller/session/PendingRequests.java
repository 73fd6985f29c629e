package io.natflow.controller.session;

import io.natflow.controller.ConnectionDrop;
import io.natflow.controller.OpenFlowCounters;
import io.natflow.controller.OpenFlowErrorException;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;

/**
 * Requests waiting for their reply, by xid. Multipart replies are gathered until the part without
 * REPLY_MORE; an OFPT_ERROR with the request's xid fails it; unanswered requests time out.
 * Bounded: beyond {@code maxPending} waiting requests a new one fails at once (our applications
 * asked too much, the switch did nothing wrong); beyond {@code maxParts} buffered reply parts the
 * switch is the offender and {@link #offer} throws {@link ConnectionLimitException}.
 */
final class PendingRequests {
    private final Map<Long, Pending> byXid = new ConcurrentHashMap<>();
    private final EventExecutor timer;
    private final Duration timeout;
    private final int maxPending;
    private final int maxParts;
    private final OpenFlowCounters counters;
    private final AtomicInteger bufferedParts = new AtomicInteger();

    PendingRequests(EventExecutor timer, Duration timeout, int maxPending, int maxParts, OpenFlowCounters counters) {
        this.timer = timer;
        this.timeout = timeout;
        this.maxPending = maxPending;
        this.maxParts = maxParts;
        this.counters = counters;
    }

    /** Registers a single-reply request; the future completes with the reply (or is failed already if refused). */
    <T extends OFMessage> CompletableFuture<T> expectSingle(long xid, Class<T> replyType) {
        CompletableFuture<T> future = new CompletableFuture<>();
        add(xid, new Pending(replyType, false, parts -> future.complete(replyType.cast(parts.get(0))), future));
        return future;
    }

    /** Registers a multipart request; the future completes with all parts in arrival order. */
    @SuppressWarnings("unchecked")
    <R extends OFStatsReply> CompletableFuture<List<R>> expectMultipart(long xid) {
        CompletableFuture<List<R>> future = new CompletableFuture<>();
        add(xid, new Pending(OFStatsReply.class, true, parts -> future.complete((List<R>) (List<?>) parts), future));
        return future;
    }

    private void add(long xid, Pending pending) {
        if (byXid.size() >= maxPending) {
            counters.requestRefused();
            pending.future.completeExceptionally(new RejectedExecutionException(maxPending
                    + " requests are waiting for the switch to answer (openflow.limits.maxPendingRequests); not sent"));
            return;
        }
        byXid.put(xid, pending);
        var timeoutTask = timer.schedule(
                () -> {
                    if (byXid.remove(xid, pending)) {
                        release(pending);
                        pending.future.completeExceptionally(
                                new TimeoutException("no reply to xid " + xid + " within " + timeout));
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        // An answered request should not keep its timeout task (and the request) alive.
        pending.future.whenComplete((result, error) -> timeoutTask.cancel(false));
    }

    /**
     * Hands the message to its waiting request; false if no request claims it.
     *
     * @throws ConnectionLimitException if the part is one more than {@code maxParts} buffered
     */
    boolean offer(OFMessage message) {
        Pending pending = byXid.get(message.getXid());
        if (pending == null) {
            return false;
        }
        if (message instanceof OFErrorMsg error) {
            remove(message.getXid(), pending);
            pending.future.completeExceptionally(new OpenFlowErrorException(error));
            return true;
        }
        if (!pending.replyType.isInstance(message)) {
            return false;
        }
        boolean more = pending.multipart && ((OFStatsReply) message).getFlags().contains(OFStatsReplyFlags.REPLY_MORE);
        if (!more) {
            remove(message.getXid(), pending);
            pending.parts.add(message);
            pending.onComplete.accept(pending.parts);
            return true;
        }
        if (bufferedParts.incrementAndGet() > maxParts) {
            bufferedParts.decrementAndGet();
            remove(message.getXid(), pending);
            ConnectionLimitException limit = new ConnectionLimitException(
                    ConnectionDrop.TOO_MANY_REPLY_PARTS,
                    "sent more than " + maxParts + " multipart reply parts that wait for their last part "
                            + "(openflow.limits.maxReplyParts)");
            pending.future.completeExceptionally(limit);
            throw limit;
        }
        pending.parts.add(message);
        return true;
    }

    void failAll(Throwable cause) {
        for (Long xid : List.copyOf(byXid.keySet())) {
            Pending pending = byXid.remove(xid);
            if (pending != null) {
                release(pending);
                pending.future.completeExceptionally(cause);
            }
        }
    }

    int size() {
        return byXid.size();
    }

    /** Reply parts held for requests still waiting for their last part. */
    int bufferedParts() {
        return bufferedParts.get();
    }

    private void remove(long xid, Pending pending) {
        if (byXid.remove(xid, pending)) {
            release(pending);
        }
    }

    private void release(Pending pending) {
        bufferedParts.addAndGet(-pending.parts.size());
    }

    private static final class Pending {
        final Class<?> replyType;
        final boolean multipart;
        final java.util.function.Consumer<List<OFMessage>> onComplete;
        final CompletableFuture<?> future;
        final List<OFMessage> parts = new ArrayList<>(1);

        Pending(
                Class<?> replyType,
                boolean multipart,
                java.util.function.Consumer<List<OFMessage>> onComplete,
                CompletableFuture<?> future) {
            this.replyType = replyType;
            this.multipart = multipart;
            this.onComplete = onComplete;
            this.future = future;
        }
    }
}
