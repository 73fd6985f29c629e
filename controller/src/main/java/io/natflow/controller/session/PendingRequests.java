package io.natflow.controller.session;

import io.natflow.controller.OpenFlowErrorException;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;

/**
 * Requests waiting for their reply, by xid. Multipart replies are gathered until the part without
 * REPLY_MORE; an OFPT_ERROR with the request's xid fails it; unanswered requests time out.
 */
final class PendingRequests {
    private final Map<Long, Pending> byXid = new ConcurrentHashMap<>();
    private final EventExecutor timer;
    private final Duration timeout;

    PendingRequests(EventExecutor timer, Duration timeout) {
        this.timer = timer;
        this.timeout = timeout;
    }

    /** Registers a single-reply request; the future completes with the reply. */
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
        byXid.put(xid, pending);
        var timeoutTask = timer.schedule(() -> {
            if (byXid.remove(xid, pending)) {
                pending.future.completeExceptionally(
                        new TimeoutException("no reply to xid " + xid + " within " + timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        // An answered request should not keep its timeout task (and the request) alive.
        pending.future.whenComplete((result, error) -> timeoutTask.cancel(false));
    }

    /** Hands the message to its waiting request; false if no request claims it. */
    boolean offer(OFMessage message) {
        Pending pending = byXid.get(message.getXid());
        if (pending == null) {
            return false;
        }
        if (message instanceof OFErrorMsg error) {
            byXid.remove(message.getXid());
            pending.future.completeExceptionally(new OpenFlowErrorException(error));
            return true;
        }
        if (!pending.replyType.isInstance(message)) {
            return false;
        }
        pending.parts.add(message);
        boolean more = pending.multipart
                && ((OFStatsReply) message).getFlags().contains(OFStatsReplyFlags.REPLY_MORE);
        if (!more) {
            byXid.remove(message.getXid());
            pending.onComplete.accept(pending.parts);
        }
        return true;
    }

    void failAll(Throwable cause) {
        for (Long xid : List.copyOf(byXid.keySet())) {
            Pending pending = byXid.remove(xid);
            if (pending != null) {
                pending.future.completeExceptionally(cause);
            }
        }
    }

    int size() {
        return byXid.size();
    }

    private static final class Pending {
        final Class<?> replyType;
        final boolean multipart;
        final java.util.function.Consumer<List<OFMessage>> onComplete;
        final CompletableFuture<?> future;
        final List<OFMessage> parts = new ArrayList<>(1);

        Pending(Class<?> replyType, boolean multipart, java.util.function.Consumer<List<OFMessage>> onComplete,
                CompletableFuture<?> future) {
            this.replyType = replyType;
            this.multipart = multipart;
            this.onComplete = onComplete;
            this.future = future;
        }
    }
}
