package io.natflow.bench.emulator;

import static io.natflow.bench.emulator.AnswerCheckerTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.openflow.Tables;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/** The emulated NAT table against loxi-built flow-mods and requests, and loxi reading its replies. */
class FlowTableTest {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    private static final int LAN = 0x0a00_1000;
    private static final int SERVER = 0xc633_6401;
    private static final int PUBLIC_IP = RouterAddresses.publicAddress(0, 1);

    private final FlowTable table = new FlowTable(OfWire.NAT_TABLE, 1_000);

    @Test
    void answersWithTheFlowsAsSent() throws Exception {
        OFFlowAdd out = session(7, LAN, 5000, SERVER, 53, 300);
        OFFlowAdd in = session(7, SERVER, 53, PUBLIC_IP, 40_000, 301);
        apply(out);
        apply(in);
        apply(F.buildFlowAdd()
                .setTableId(Tables.ROUTE)
                .setCookie(Tables.ROUTE_COOKIE)
                .setPriority(10)
                .setMatch(F.buildMatch().build())
                .build()); // another table: not kept

        List<OFFlowStatsEntry> entries =
                entries(table.statsReply(bytes(all()), ByteBufAllocator.DEFAULT, 5_000_000_000L));
        assertEquals(2, entries.size());
        for (OFFlowStatsEntry e : entries) {
            OFFlowAdd sent = e.getIdleTimeout() == 300 ? out : in;
            assertEquals(Tables.NAT, e.getTableId());
            assertEquals(sent.getCookie(), e.getCookie());
            assertEquals(sent.getPriority(), e.getPriority());
            assertEquals(sent.getFlags(), e.getFlags());
            assertEquals(sent.getMatch(), e.getMatch());
            assertEquals(sent.getInstructions(), e.getInstructions());
            assertEquals(5, e.getDurationSec());
            assertEquals(0, e.getPacketCount().getValue());
        }
    }

    @Test
    void addReplacesAFlowOfTheSameMatchInAnyFieldOrder() throws Exception {
        apply(session(7, LAN, 5000, SERVER, 53, 300));
        byte[] reordered = swapFirstTwoOxms(bytes(session(8, LAN, 5000, SERVER, 53, 300)));
        table.apply(Unpooled.wrappedBuffer(reordered), 0);
        assertEquals(1, table.size());
        List<OFFlowStatsEntry> entries = entries(table.statsReply(bytes(all()), ByteBufAllocator.DEFAULT, 0));
        assertEquals(U64.of(8), entries.get(0).getCookie());

        apply(session(9, LAN, 5000, SERVER, 53, 300)
                .createBuilder()
                .setPriority(201)
                .build());
        assertEquals(2, table.size(), "another priority is another flow");
    }

    @Test
    void deletesStrictlyByCookieAndAll() throws Exception {
        apply(session(7, LAN, 5000, SERVER, 53, 300));
        apply(session(7, SERVER, 53, PUBLIC_IP, 40_000, 301));
        apply(session(8, LAN, 5001, SERVER, 53, 300));
        apply(session(8, SERVER, 53, PUBLIC_IP, 40_001, 301));
        apply(session(9, LAN, 5002, SERVER, 53, 300));

        apply(F.buildFlowDeleteStrict()
                .setTableId(Tables.NAT)
                .setPriority(200)
                .setMatch(match(LAN, 5000, SERVER, 53))
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build());
        assertEquals(4, table.size());
        apply(F.buildFlowDeleteStrict()
                .setTableId(Tables.NAT)
                .setPriority(100)
                .setMatch(match(LAN, 5001, SERVER, 53))
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build());
        assertEquals(4, table.size(), "strict: another priority is not deleted");

        apply(F.buildFlowDelete()
                .setTableId(Tables.NAT)
                .setCookie(U64.of(8))
                .setCookieMask(U64.NO_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build());
        assertEquals(2, table.size());
        assertEquals(
                List.of(U64.of(7), U64.of(9)), cookies(table.statsReply(bytes(all()), ByteBufAllocator.DEFAULT, 0)));

        apply(F.buildFlowDelete()
                .setTableId(Tables.NAT)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build());
        assertEquals(0, table.size());
    }

    /** What a REST counter read asks for (SwitchFlowCounterReader): one mapping's flows. */
    @Test
    void answersARequestForOneCookie() throws Exception {
        apply(session(7, LAN, 5000, SERVER, 53, 300));
        apply(session(8, LAN, 5001, SERVER, 53, 300));
        apply(session(8, SERVER, 53, PUBLIC_IP, 40_001, 301));
        OFMessage request = F.buildFlowStatsRequest()
                .setTableId(Tables.NAT)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(8))
                .setCookieMask(U64.NO_MASK)
                .build();
        assertEquals(
                List.of(U64.of(8), U64.of(8)), cookies(table.statsReply(bytes(request), ByteBufAllocator.DEFAULT, 0)));

        OFMessage otherTable = F.buildFlowStatsRequest()
                .setTableId(TableId.of(1))
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
        assertEquals(List.of(), cookies(table.statsReply(bytes(otherTable), ByteBufAllocator.DEFAULT, 0)));
        assertEquals(2, table.requestsAnswered());
        assertEquals(2, table.entriesSent());
    }

    @Test
    void keepsAtMostMaxFlows() throws Exception {
        FlowTable small = new FlowTable(OfWire.NAT_TABLE, 2);
        small.apply(bytes(session(7, LAN, 5000, SERVER, 53, 300)), 0);
        small.apply(bytes(session(8, LAN, 5001, SERVER, 53, 300)), 0);
        small.apply(bytes(session(9, LAN, 5002, SERVER, 53, 300)), 0);
        assertEquals(2, small.size());
        assertEquals(1, small.notKept());
        small.apply(bytes(session(10, LAN, 5001, SERVER, 53, 300)), 0);
        assertEquals(2, small.size(), "a replacement still fits");
        assertEquals(
                List.of(U64.of(7), U64.of(10)), cookies(small.statsReply(bytes(all()), ByteBufAllocator.DEFAULT, 0)));
    }

    @Test
    void splitsALargeReplyIntoParts() throws Exception {
        FlowTable big = new FlowTable(OfWire.NAT_TABLE, 5_000);
        for (int i = 0; i < 2_000; i++) {
            big.apply(bytes(session(1 + i, LAN + i, 5000, SERVER, 53, 300)), 0);
        }
        List<ByteBuf> parts = big.statsReply(bytes(all()), ByteBufAllocator.DEFAULT, 0);
        assertTrue(parts.size() > 1, parts.size() + " part(s)");
        int entries = 0;
        for (int i = 0; i < parts.size(); i++) {
            assertTrue(parts.get(i).readableBytes() <= 0xffff);
            OFFlowStatsReply reply = (OFFlowStatsReply) F.getReader().readFrom(parts.get(i));
            assertEquals(i < parts.size() - 1, reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE));
            entries += reply.getEntries().size();
        }
        assertEquals(2_000, entries);
    }

    private void apply(OFMessage m) {
        table.apply(bytes(m), 0);
    }

    private static OFMessage all() {
        return F.buildFlowStatsRequest()
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    private static OFFlowAdd session(long cookie, int src, int sport, int dst, int dport, int idle) {
        return F.buildFlowAdd()
                .setTableId(Tables.NAT)
                .setPriority(200)
                .setCookie(U64.of(cookie))
                .setMatch(match(src, sport, dst, dport))
                .setIdleTimeout(idle)
                .setFlags(Set.of(OFFlowModFlags.SEND_FLOW_REM, OFFlowModFlags.RESET_COUNTS))
                .setInstructions(List.of(
                        F.instructions()
                                .applyActions(List.of(
                                        F.actions().decNwTtl(),
                                        F.actions().setField(F.oxms().ipv4Src(IPv4Address.of(PUBLIC_IP))))),
                        F.instructions().gotoTable(Tables.ROUTE)))
                .build();
    }

    private static Match match(int src, int sport, int dst, int dport) {
        return F.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, IpProtocol.UDP)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(src))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(dst))
                .setExact(MatchField.UDP_SRC, TransportPort.of(sport))
                .setExact(MatchField.UDP_DST, TransportPort.of(dport))
                .build();
    }

    private static List<OFFlowStatsEntry> entries(List<ByteBuf> parts) throws Exception {
        List<OFFlowStatsEntry> out = new ArrayList<>();
        for (ByteBuf part : parts) {
            out.addAll(((OFFlowStatsReply) F.getReader().readFrom(part)).getEntries());
        }
        return out;
    }

    private static List<U64> cookies(List<ByteBuf> parts) throws Exception {
        return entries(parts).stream().map(OFFlowStatsEntry::getCookie).sorted().toList();
    }

    /** The flow-mod with its match's first two OXM fields in the other order. */
    private static byte[] swapFirstTwoOxms(ByteBuf flowMod) {
        byte[] b = new byte[flowMod.readableBytes()];
        flowMod.getBytes(flowMod.readerIndex(), b);
        int first = 48 + 4;
        int firstLength = 4 + (b[first + 3] & 0xff);
        int second = first + firstLength;
        int secondLength = 4 + (b[second + 3] & 0xff);
        byte[] swapped = b.clone();
        System.arraycopy(b, second, swapped, first, secondLength);
        System.arraycopy(b, first, swapped, first + secondLength, firstLength);
        return swapped;
    }
}
