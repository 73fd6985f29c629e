package io.natflow.controller.session;

import io.natflow.controller.OpenFlowCounters;
import io.natflow.controller.OpenFlowServerConfig;
import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.codec.OfFrameDecoder;
import io.natflow.controller.codec.OfMessageDecoder;
import io.natflow.controller.codec.OfMessageEncoder;
import io.natflow.controller.testing.OfWire;
import io.natflow.controller.testing.RecordingListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U32;

/**
 * One switch connection in an {@link EmbeddedChannel} with the real codec and session handlers,
 * in the order {@code OpenFlowChannelInitializer} uses (minus the real-time IdleStateHandler).
 * The test plays the switch: it feeds loxi messages as bytes and reads back decoded bytes.
 */
final class EmbeddedSession {
    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    final OpenFlowServerConfig config;
    final DefaultSwitchRegistry registry;
    final ListenerBus listeners;
    final RecordingListener events;
    final SwitchSessionContext context;
    final HandshakeHandler handshake;
    final EmbeddedChannel channel;

    EmbeddedSession(OpenFlowServerConfig config) {
        this(config, new DefaultSwitchRegistry(), new ListenerBus(), new RecordingListener(), true);
    }

    /** A session sharing registry and listeners with others, as connections of one server do. */
    EmbeddedSession(
            OpenFlowServerConfig config,
            DefaultSwitchRegistry registry,
            ListenerBus listeners,
            RecordingListener events,
            boolean subscribe) {
        this.config = config;
        this.registry = registry;
        this.listeners = listeners;
        this.events = events;
        if (subscribe) {
            listeners.add(events);
        }
        this.context = new SwitchSessionContext(
                config, registry, listeners, Clock.fixed(NOW, ZoneOffset.UTC), new OpenFlowCounters());
        this.handshake = new HandshakeHandler(context);
        this.channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast(PipelineNames.FRAME_DECODER, new OfFrameDecoder());
                p.addLast(PipelineNames.MESSAGE_DECODER, new OfMessageDecoder());
                p.addLast(PipelineNames.ENCODER, new OfMessageEncoder());
                p.addLast(PipelineNames.KEEPALIVE, new KeepaliveHandler(config.echoMisses()));
                p.addLast(PipelineNames.HANDSHAKE, handshake);
            }
        });
    }

    static OpenFlowServerConfig config(Duration handshakeTimeout, Duration requestTimeout) {
        return new OpenFlowServerConfig("127.0.0.1", 0, handshakeTimeout, Duration.ofHours(1), 3, requestTimeout);
    }

    static OpenFlowServerConfig defaultConfig() {
        return config(Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    /** Feeds the messages as one read, as the switch would send them. */
    void receive(OFMessage... messages) {
        OfWire.receive(channel, messages);
    }

    /** Everything the controller wrote since the last call, decoded. */
    List<OFMessage> sent() {
        return OfWire.drainOutbound(channel);
    }

    HandshakeState state() {
        return handshake.state();
    }

    static OFHello hello13() {
        return helloWithBitmap(OFVersion.OF_13, 1L << 4);
    }

    static OFHello helloWithBitmap(OFVersion headerVersion, long bitmap) {
        OFFactory f = OFFactories.getFactory(headerVersion);
        return f.buildHello()
                .setXid(100)
                .setElements(List.of(f.buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(U32.of(bitmap)))
                        .build()))
                .build();
    }

    static OFFeaturesReply featuresReply(long xid, long dpid) {
        return OF13.buildFeaturesReply()
                .setXid(xid)
                .setDatapathId(DatapathId.of(dpid))
                .setNBuffers(0)
                .setNTables((short) 254)
                .build();
    }

    static OFMessage portDescPart(long xid, boolean more, List<OFPortDesc> ports) {
        Set<OFStatsReplyFlags> flags =
                more ? EnumSet.of(OFStatsReplyFlags.REPLY_MORE) : EnumSet.noneOf(OFStatsReplyFlags.class);
        return OF13.buildPortDescStatsReply()
                .setXid(xid)
                .setFlags(flags)
                .setEntries(ports)
                .build();
    }

    /**
     * Plays a well-behaved switch through the whole handshake and returns the registered switch;
     * everything the controller sent on the way (table-miss flow included) is drained.
     */
    OpenFlowSwitch completeHandshake(long dpid, List<OFPortDesc> ports) {
        sent();
        receive(hello13());
        long featuresXid = sent().get(0).getXid();
        receive(featuresReply(featuresXid, dpid));
        List<OFMessage> requests = sent();
        long portDescXid = requests.stream()
                .filter(OFPortDescStatsRequest.class::isInstance)
                .findFirst()
                .orElseThrow()
                .getXid();
        long barrierXid = requests.stream()
                .filter(OFBarrierRequest.class::isInstance)
                .findFirst()
                .orElseThrow()
                .getXid();
        receive(
                portDescPart(portDescXid, false, ports),
                OF13.buildBarrierReply().setXid(barrierXid).build());
        sent();
        if (state() != HandshakeState.READY) {
            throw new AssertionError("handshake did not complete: " + state());
        }
        return registry.get(DatapathId.of(dpid)).orElseThrow();
    }
}
