package io.natflow.controller.session;

import io.natflow.controller.ConnectionDrop;
import io.natflow.controller.OpenFlowCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write backpressure, first in the pipeline so it sees every encoded byte. While the channel is
 * not writable (more than the high water mark queued) it stops reading from the peer: most of
 * what we write answers what the peer sends, so a peer that does not read stops being read.
 * What the applications write on their own still queues; past {@code maxQueuedBytes} the
 * connection is closed, naming it.
 */
public final class OutboundLimitHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundLimitHandler.class);

    private final long maxQueuedBytes;
    private final OpenFlowCounters counters;
    private long queuedBytes; // event-loop confined, like every handler method
    private boolean closing;

    public OutboundLimitHandler(long maxQueuedBytes, OpenFlowCounters counters) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.counters = counters;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf) || closing) { // after the close the channel fails the write
            ctx.write(msg, promise);
            return;
        }
        int size = buf.readableBytes();
        queuedBytes += size;
        counters.writeQueued(queuedBytes);
        ChannelPromise sent = promise.unvoid();
        sent.addListener(f -> queuedBytes -= size); // written to the socket, or failed
        ctx.write(msg, sent);
        if (queuedBytes > maxQueuedBytes) {
            closing = true;
            counters.drop(ConnectionDrop.WRITE_QUEUE_FULL);
            LOG.warn(
                    "closing OpenFlow connection of {}: {} bytes wait to be sent, more than {} "
                            + "(openflow.limits.maxWriteQueueBytes); the peer does not read",
                    ConnectionNames.of(ctx.channel()),
                    queuedBytes,
                    maxQueuedBytes);
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (!writable && ctx.channel().config().isAutoRead()) {
            counters.readPaused();
            LOG.debug("{} does not read fast enough; pausing reads", ConnectionNames.of(ctx.channel()));
        }
        ctx.channel().config().setAutoRead(writable);
        ctx.fireChannelWritabilityChanged();
    }

    /** Bytes written but not yet handed to the socket. */
    public long queuedBytes() {
        return queuedBytes;
    }
}
