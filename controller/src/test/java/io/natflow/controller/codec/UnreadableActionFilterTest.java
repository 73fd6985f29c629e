package io.natflow.controller.codec;

import static io.natflow.controller.testing.OfWire.drainOutbound;
import static io.natflow.controller.testing.OfWire.receive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** A flow-stats reply carrying fin_timeout (which loxi cannot read) is read without it. */
class UnreadableActionFilterTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private static byte[] replyWith(List<OFAction> actions) {
        OFFlowStatsEntry entry = OF13.buildFlowStatsEntry()
                .setTableId(TableId.of(2))
                .setCookie(U64.of(7))
                .setPriority(200)
                .setIdleTimeout(241)
                .setMatch(OF13.buildMatch()
                        .setExact(MatchField.ETH_TYPE, org.projectfloodlight.openflow.types.EthType.IPv4)
                        .setExact(MatchField.IPV4_SRC, IPv4Address.of("10.0.0.11"))
                        .build())
                .setInstructions(List.of(
                        OF13.instructions().applyActions(actions),
                        OF13.instructions().gotoTable(TableId.of(3))))
                .build();
        OFFlowStatsReply reply = OF13.buildFlowStatsReply()
                .setXid(9)
                .setEntries(List.of(entry, entry))
                .build();
        ByteBuf buf = Unpooled.buffer();
        reply.writeTo(buf);
        return ByteBufUtil.getBytes(buf);
    }

    private static List<OFAction> actions(boolean withFinTimeout) {
        OFAction set = OF13.actions().setField(OF13.oxms().ipv4Src(IPv4Address.of("203.0.113.1")));
        OFAction out = OF13.actions().output(OFPort.of(4), 0);
        return withFinTimeout ? List.of(set, new FinTimeoutAction(3), out) : List.of(set, out);
    }

    @Test
    void loxiAloneCannotReadTheReply() {
        byte[] bytes = replyWith(actions(true));
        assertThrows(OFParseError.class, () -> OF13.getReader().readFrom(Unpooled.wrappedBuffer(bytes)));
    }

    @Test
    void decoderReadsTheReplyWithoutTheUnreadableAction() {
        EmbeddedChannel channel =
                new EmbeddedChannel(new OfFrameDecoder(), new OfMessageDecoder(), new OfMessageEncoder());
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        receive(channel, replyWith(actions(true)));
        OFFlowStatsReply reply = assertInstanceOf(OFFlowStatsReply.class, channel.readInbound());
        assertEquals(2, reply.getEntries().size());
        for (OFFlowStatsEntry e : reply.getEntries()) {
            assertEquals(U64.of(7), e.getCookie());
            assertEquals(241, e.getIdleTimeout());
            assertEquals(IPv4Address.of("10.0.0.11"), e.getMatch().get(MatchField.IPV4_SRC));
            OFInstructionApplyActions apply = assertInstanceOf(
                    OFInstructionApplyActions.class, e.getInstructions().get(0));
            assertEquals(actions(false), apply.getActions());
            assertEquals(2, e.getInstructions().size());
        }
        assertTrue(drainOutbound(channel).isEmpty(), "no error answered");
    }

    @Test
    void truncatedReplyIsLeftAlone() {
        byte[] bytes = replyWith(actions(true));
        bytes[16 + 1] = (byte) 0xff; // first entry claims more bytes than the frame has
        assertTrue(UnreadableActionFilter.strip(Unpooled.wrappedBuffer(bytes)).isEmpty());
    }
}
