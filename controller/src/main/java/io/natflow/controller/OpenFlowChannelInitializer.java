package io.natflow.controller;

import io.natflow.controller.codec.OfFrameDecoder;
import io.natflow.controller.codec.OfMessageDecoder;
import io.natflow.controller.codec.OfMessageEncoder;
import io.natflow.controller.session.HandshakeHandler;
import io.natflow.controller.session.KeepaliveHandler;
import io.natflow.controller.session.PipelineNames;
import io.natflow.controller.session.SwitchSessionContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Builds the pipeline of one switch connection; one handler per concern. */
final class OpenFlowChannelInitializer extends ChannelInitializer<Channel> {
    private static final OfMessageEncoder ENCODER = new OfMessageEncoder();
    private final SwitchSessionContext context;

    OpenFlowChannelInitializer(SwitchSessionContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Channel ch) {
        OpenFlowServerConfig config = context.config();
        ChannelPipeline p = ch.pipeline();
        // Answers written while a read is in progress go out with one flush at the read's end:
        // a burst of packet-ins costs one system call, not one per flow-mod batch.
        p.addLast(PipelineNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
        p.addLast(PipelineNames.FRAME_DECODER, new OfFrameDecoder());
        p.addLast(PipelineNames.MESSAGE_DECODER, new OfMessageDecoder());
        p.addLast(PipelineNames.ENCODER, ENCODER);
        p.addLast(PipelineNames.IDLE, new IdleStateHandler(config.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(PipelineNames.KEEPALIVE, new KeepaliveHandler(config.echoMisses()));
        p.addLast(PipelineNames.HANDSHAKE, new HandshakeHandler(context));
    }
}
