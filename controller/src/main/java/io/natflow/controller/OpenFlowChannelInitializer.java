package io.natflow.controller;

import io.natflow.controller.codec.OfFrameDecoder;
import io.natflow.controller.codec.OfMessageDecoder;
import io.natflow.controller.codec.OfMessageEncoder;
import io.natflow.controller.session.HandshakeHandler;
import io.natflow.controller.session.KeepaliveHandler;
import io.natflow.controller.session.LogThrottle;
import io.natflow.controller.session.OutboundLimitHandler;
import io.natflow.controller.session.PipelineNames;
import io.natflow.controller.session.SwitchSessionContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline of one switch connection; one handler per concern. A connection beyond
 * {@link ConnectionLimits#maxConnections()} is closed at once.
 */
final class OpenFlowChannelInitializer extends ChannelInitializer<Channel> {
    private static final Logger LOG = LoggerFactory.getLogger(OpenFlowChannelInitializer.class);
    private static final OfMessageEncoder ENCODER = new OfMessageEncoder();
    private final SwitchSessionContext context;
    private final LogThrottle refusals;

    OpenFlowChannelInitializer(SwitchSessionContext context) {
        this.context = context;
        this.refusals = new LogThrottle(context.clock(), Duration.ofSeconds(10));
    }

    @Override
    protected void initChannel(Channel ch) {
        OpenFlowServerConfig config = context.config();
        if (!context.connectionSlots().tryAcquire()) {
            context.counters().drop(ConnectionDrop.TOO_MANY_CONNECTIONS);
            long held = refusals.admit();
            if (held >= 0) {
                LOG.warn(
                        "refusing OpenFlow connection from {}: {} connections are open "
                                + "(openflow.limits.maxConnections){}",
                        ch.remoteAddress(),
                        config.limits().maxConnections(),
                        held > 0 ? "; " + held + " more refused since the last message" : "");
            }
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> context.connectionSlots().release());
        ChannelPipeline p = ch.pipeline();
        p.addLast(
                PipelineNames.OUTBOUND_LIMIT,
                new OutboundLimitHandler(config.limits().maxWriteQueueBytes(), context.counters()));
        // Answers written while a read is in progress go out with one flush at the read's end:
        // a burst of packet-ins costs one system call, not one per flow-mod batch.
        p.addLast(PipelineNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
        p.addLast(PipelineNames.FRAME_DECODER, new OfFrameDecoder());
        p.addLast(PipelineNames.MESSAGE_DECODER, new OfMessageDecoder());
        p.addLast(PipelineNames.ENCODER, ENCODER);
        p.addLast(
                PipelineNames.IDLE,
                new IdleStateHandler(config.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(PipelineNames.KEEPALIVE, new KeepaliveHandler(config.echoMisses()));
        p.addLast(PipelineNames.HANDSHAKE, new HandshakeHandler(context));
    }
}
