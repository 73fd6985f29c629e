package io.natflow.controller.session;

import static io.natflow.controller.session.EmbeddedSession.OF13;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.ConnectionDrop;
import io.natflow.controller.OpenFlowCounters;
import io.natflow.controller.OpenFlowErrorException;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** {@link PendingRequests} on its own, with an EmbeddedChannel's event loop as the timer. */
class PendingRequestsTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final OpenFlowCounters counters = new OpenFlowCounters();
    private final PendingRequests pending =
            new PendingRequests(channel.eventLoop(), Duration.ofSeconds(2), 3, 4, counters);

    static OFFlowStatsReply flowStatsPart(long xid, boolean more, long... cookies) {
        List<OFFlowStatsEntry> entries = Arrays.stream(cookies)
                .mapToObj(c -> OF13.buildFlowStatsEntry()
                        .setTableId(TableId.of(1))
                        .setCookie(U64.of(c))
                        .setMatch(OF13.buildMatch().build())
                        .setPriority(10)
                        .build())
                .toList();
        return OF13.buildFlowStatsReply()
                .setXid(xid)
                .setFlags(more ? EnumSet.of(OFStatsReplyFlags.REPLY_MORE) : EnumSet.noneOf(OFStatsReplyFlags.class))
                .setEntries(entries)
                .build();
    }

    static OFErrorMsg badRequest(long xid) {
        return OF13.errorMsgs()
                .buildBadRequestErrorMsg()
                .setXid(xid)
                .setCode(OFBadRequestCode.BAD_STAT)
                .build();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(0, TimeUnit.MILLISECONDS))
                .getCause();
    }

    @Test
    void multipartPartsAreGatheredInOrderUntilTheLastOne() throws Exception {
        CompletableFuture<List<OFFlowStatsReply>> future = pending.expectMultipart(10);
        OFFlowStatsReply p1 = flowStatsPart(10, true, 1, 2);
        OFFlowStatsReply p2 = flowStatsPart(10, true, 3);
        OFFlowStatsReply p3 = flowStatsPart(10, false, 4, 5);

        assertTrue(pending.offer(p1));
        assertTrue(pending.offer(p2));
        assertFalse(future.isDone(), "REPLY_MORE: not complete yet");
        assertTrue(pending.offer(p3));

        List<OFFlowStatsReply> parts = future.get(0, TimeUnit.MILLISECONDS);
        assertEquals(3, parts.size());
        assertSame(p1, parts.get(0));
        assertSame(p2, parts.get(1));
        assertSame(p3, parts.get(2));
        assertEquals(0, pending.size());
        assertFalse(pending.offer(flowStatsPart(10, false)), "a late part is not claimed");
    }

    @Test
    void interleavedMultipartRepliesStaySeparate() throws Exception {
        CompletableFuture<List<OFFlowStatsReply>> a = pending.expectMultipart(1);
        CompletableFuture<List<OFFlowStatsReply>> b = pending.expectMultipart(2);
        pending.offer(flowStatsPart(1, true, 11));
        pending.offer(flowStatsPart(2, true, 21));
        pending.offer(flowStatsPart(2, false, 22));
        pending.offer(flowStatsPart(1, false, 12));

        assertEquals(List.of(11L, 12L), cookies(a.get(0, TimeUnit.MILLISECONDS)));
        assertEquals(List.of(21L, 22L), cookies(b.get(0, TimeUnit.MILLISECONDS)));
    }

    static List<Long> cookies(List<OFFlowStatsReply> parts) {
        return parts.stream()
                .flatMap(p -> p.getEntries().stream())
                .map(e -> e.getCookie().getValue())
                .toList();
    }

    @Test
    void singleReplyCompletesWithTheReply() throws Exception {
        CompletableFuture<OFBarrierReply> future = pending.expectSingle(5, OFBarrierReply.class);
        assertFalse(pending.offer(OF13.buildBarrierReply().setXid(6).build()), "other xid");
        assertFalse(pending.offer(flowStatsPart(5, false)), "same xid, wrong type");
        assertFalse(future.isDone());
        OFBarrierReply reply = OF13.buildBarrierReply().setXid(5).build();
        assertTrue(pending.offer(reply));
        assertSame(reply, future.get(0, TimeUnit.MILLISECONDS));
    }

    @Test
    void errorWithTheRequestXidFailsTheFuture() {
        CompletableFuture<List<OFFlowStatsReply>> future = pending.expectMultipart(7);
        pending.offer(flowStatsPart(7, true, 1));
        OFErrorMsg error = badRequest(7);
        assertTrue(pending.offer(error));
        OpenFlowErrorException e = assertInstanceOf(OpenFlowErrorException.class, failure(future));
        assertSame(error, e.error());
        assertEquals(0, pending.size());
    }

    @Test
    void errorWithAnotherXidIsNotClaimed() {
        CompletableFuture<OFBarrierReply> future = pending.expectSingle(8, OFBarrierReply.class);
        assertFalse(pending.offer(badRequest(9)));
        assertFalse(future.isDone());
    }

    @Test
    void unansweredRequestTimesOut() {
        CompletableFuture<OFBarrierReply> future = pending.expectSingle(3, OFBarrierReply.class);
        channel.advanceTimeBy(1900, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(future.isDone());

        channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertInstanceOf(TimeoutException.class, failure(future));
        assertEquals(0, pending.size());
        assertFalse(
                pending.offer(OF13.buildBarrierReply().setXid(3).build()), "a reply after the timeout is not claimed");
    }

    @Test
    void multipartTimesOutEvenAfterSomeParts() {
        CompletableFuture<List<OFFlowStatsReply>> future = pending.expectMultipart(4);
        pending.offer(flowStatsPart(4, true, 1));
        channel.advanceTimeBy(3, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertInstanceOf(TimeoutException.class, failure(future));
    }

    @Test
    void answeredRequestDoesNotTimeOutLater() throws Exception {
        CompletableFuture<OFBarrierReply> future = pending.expectSingle(3, OFBarrierReply.class);
        pending.offer(OF13.buildBarrierReply().setXid(3).build());
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(3, future.get(0, TimeUnit.MILLISECONDS).getXid());
    }

    @Test
    void failAllFailsEveryPendingRequest() {
        CompletableFuture<OFBarrierReply> barrier = pending.expectSingle(1, OFBarrierReply.class);
        CompletableFuture<List<OFFlowStatsReply>> stats = pending.expectMultipart(2);
        ClosedChannelException cause = new ClosedChannelException();
        pending.failAll(cause);
        assertSame(cause, failure(barrier));
        assertSame(cause, failure(stats));
        assertEquals(0, pending.size());
    }

    // The instance above allows 3 pending requests and 4 buffered parts.

    @Test
    void aRequestBeyondThePendingLimitFailsAtOnceAndOthersStay() {
        List<CompletableFuture<OFBarrierReply>> waiting = List.of(
                pending.expectSingle(1, OFBarrierReply.class),
                pending.expectSingle(2, OFBarrierReply.class),
                pending.expectSingle(3, OFBarrierReply.class));
        CompletableFuture<OFBarrierReply> refused = pending.expectSingle(4, OFBarrierReply.class);
        assertInstanceOf(RejectedExecutionException.class, failure(refused));
        assertEquals(3, pending.size());
        assertEquals(1, counters.requestsRefused());
        assertTrue(pending.offer(OF13.buildBarrierReply().setXid(1).build()));
        assertTrue(waiting.get(0).isDone());
        assertFalse(pending.expectSingle(5, OFBarrierReply.class).isDone(), "room again once one is answered");
    }

    @Test
    void replyPartsBeyondTheLimitFailTheRequestAndThrowTheLimit() {
        CompletableFuture<List<OFFlowStatsReply>> a = pending.expectMultipart(1);
        CompletableFuture<List<OFFlowStatsReply>> b = pending.expectMultipart(2);
        pending.offer(flowStatsPart(1, true, 1));
        pending.offer(flowStatsPart(1, true, 2));
        pending.offer(flowStatsPart(2, true, 3));
        pending.offer(flowStatsPart(2, true, 4));
        assertEquals(4, pending.bufferedParts(), "the limit counts the parts of every request");
        ConnectionLimitException limit =
                assertThrows(ConnectionLimitException.class, () -> pending.offer(flowStatsPart(1, true, 5)));
        assertEquals(ConnectionDrop.TOO_MANY_REPLY_PARTS, limit.reason());
        assertSame(limit, failure(a));
        assertFalse(b.isDone());
        assertEquals(2, pending.bufferedParts(), "the failed request's parts are let go");
    }

    @Test
    void partsAreLetGoWhenTheRequestCompletesFailsOrTimesOut() {
        pending.expectMultipart(1);
        pending.expectMultipart(2);
        pending.expectMultipart(3);
        for (int xid = 1; xid <= 3; xid++) {
            pending.offer(flowStatsPart(xid, true, xid));
        }
        assertEquals(3, pending.bufferedParts());
        pending.offer(flowStatsPart(1, false));
        pending.offer(badRequest(2));
        channel.advanceTimeBy(3, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(0, pending.size());
        assertEquals(0, pending.bufferedParts());
        CompletableFuture<List<OFFlowStatsReply>> next = pending.expectMultipart(4);
        for (int i = 0; i < 4; i++) {
            pending.offer(flowStatsPart(4, true, i));
        }
        assertFalse(next.isDone(), "the full budget of 4 parts is available again");
    }
}
