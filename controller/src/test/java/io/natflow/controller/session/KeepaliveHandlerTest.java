package io.natflow.controller.session;

import static io.natflow.controller.session.EmbeddedSession.OF13;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.codec.NegotiatedVersion;
import io.natflow.controller.codec.OfMessageEncoder;
import io.natflow.controller.testing.Await;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.controller.testing.OfWire;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Echo keepalive: idle intervals are driven by firing Netty's own {@link IdleStateEvent} (exact),
 * and once end to end with a real {@link IdleStateHandler} on a short interval.
 */
class KeepaliveHandlerTest {
    private static final int MISSES = 3;

    private final EmbeddedChannel channel = new EmbeddedChannel(new OfMessageEncoder(), new KeepaliveHandler(MISSES));

    private void idle() {
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
    }

    private List<OFEchoRequest> echoRequestsSent() {
        List<OFEchoRequest> echoes = new ArrayList<>();
        for (OFMessage m : OfWire.drainOutbound(channel)) {
            echoes.add(assertInstanceOf(OFEchoRequest.class, m));
        }
        return echoes;
    }

    @Test
    void sendsEchoRequestAfterEachIdleIntervalAndDropsAfterTheMisses() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        for (int i = 1; i <= MISSES; i++) {
            idle();
            List<OFEchoRequest> echoes = echoRequestsSent();
            assertEquals(1, echoes.size(), "one echo request after idle interval " + i);
            assertEquals(OFVersion.OF_13, echoes.get(0).getVersion());
            assertTrue(channel.isOpen(), "still connected after " + i + " silent interval(s)");
        }
        idle();
        assertFalse(channel.isOpen(), "silent past " + MISSES + " unanswered echoes: dropped");
    }

    @Test
    void echoRequestsUseDistinctXids() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        idle();
        idle();
        List<OFEchoRequest> echoes = echoRequestsSent();
        assertEquals(2, echoes.size());
        assertTrue(echoes.get(0).getXid() != echoes.get(1).getXid());
    }

    @Test
    void anyMessageFromTheSwitchResetsTheMisses() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < MISSES; i++) {
                idle();
            }
            assertTrue(channel.isOpen());
            channel.writeInbound(
                    round % 2 == 0 ? OF13.buildEchoReply().setXid(1).build() : FakeSwitch.packetIn(1, new byte[] {1}));
        }
        assertTrue(channel.isOpen());
        echoRequestsSent();
    }

    @Test
    void echoReplyIsConsumedAndOtherMessagesPassThrough() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        channel.writeInbound(OF13.buildEchoReply().setXid(1).build());
        assertNull(channel.readInbound(), "echo replies stop here");
        OFPacketIn packetIn = FakeSwitch.packetIn(3, new byte[] {7});
        channel.writeInbound(packetIn);
        assertSame(packetIn, channel.readInbound());
    }

    @Test
    void echoRequestFromTheSwitchIsAnsweredWithItsXidAndData() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        byte[] data = {1, 2, 3, 4, 5};
        channel.writeInbound(
                OF13.buildEchoRequest().setXid(0xdead).setData(data).build());
        List<OFMessage> out = OfWire.drainOutbound(channel);
        assertEquals(1, out.size());
        OFEchoReply reply = assertInstanceOf(OFEchoReply.class, out.get(0));
        assertEquals(0xdead, reply.getXid());
        assertArrayEquals(data, reply.getData());
        assertNull(channel.readInbound(), "echo requests are not passed on");
    }

    @Test
    void beforeNegotiationEchoIsNotAnsweredButPassedOnToTheHandshake() {
        OFEchoRequest echo = OF13.buildEchoRequest().setXid(5).build();
        channel.writeInbound(echo);
        assertTrue(OfWire.drainOutboundWrites(channel).isEmpty(), "no answer before HELLO");
        assertSame(echo, channel.readInbound(), "the handshake decides (it wants HELLO first)");
    }

    @Test
    void beforeNegotiationIdleCountsButSendsNothing() {
        idle();
        assertTrue(OfWire.drainOutboundWrites(channel).isEmpty());
        for (int i = 1; i < MISSES; i++) {
            idle();
        }
        assertTrue(channel.isOpen());
        idle();
        assertFalse(channel.isOpen());
    }

    @Test
    void otherIdleEventsAreIgnored() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        for (int i = 0; i < 10; i++) {
            channel.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
        }
        assertTrue(channel.isOpen());
        assertTrue(OfWire.drainOutboundWrites(channel).isEmpty());
    }

    @Test
    void withRealIdleStateHandlerASilentSwitchIsDroppedAfterEchoes() {
        EmbeddedChannel real = new EmbeddedChannel(
                new OfMessageEncoder(), new IdleStateHandler(40, 0, 0, TimeUnit.MILLISECONDS), new KeepaliveHandler(2));
        NegotiatedVersion.set(real, OFVersion.OF_13);
        Await.until(
                () -> {
                    real.runPendingTasks();
                    return !real.isOpen();
                },
                Duration.ofSeconds(3),
                "a silent switch to be dropped");
        List<OFMessage> sent = OfWire.drainOutbound(real);
        assertEquals(2, sent.size(), "two echo requests before the drop: " + sent);
        sent.forEach(m -> assertInstanceOf(OFEchoRequest.class, m));
    }
}
