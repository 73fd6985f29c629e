package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFMeterStatsReply;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/** Every port's packet-ins go through its own meters; the switch's controller meter bounds them all. */
class PacketInMetersTest {

    private static List<OFFlowAdd> meteredFlows(List<OFMessage> messages) {
        return only(messages, OFFlowAdd.class).stream()
                .filter(f -> f.getInstructions().stream().anyMatch(OFInstructionMeter.class::isInstance))
                .toList();
    }

    @Test
    void startDeletesOldMetersThenAddsOnePerPortAndKindBeforeAnyFlowUsesThem() {
        RouterFixture r = new RouterFixture();
        List<OFMeterMod> mods = only(r.startMessages, OFMeterMod.class);
        assertEquals(OFMeterModCommand.DELETE, mods.get(0).getCommand());
        assertEquals(0xffff_ffffL, mods.get(0).getMeterId(), "all meters (and the flows that use them) go first");
        List<OFMeterMod> adds = mods.subList(1, mods.size());
        assertEquals(1 + 4 * 4, adds.size(), "the controller meter and 4 kinds x 4 ports");
        assertEquals(PacketInMeters.CONTROLLER_METER, adds.get(0).getMeterId());
        assertEquals(
                PacketInLimits.DEFAULTS.total(),
                ((OFMeterBandDrop) adds.get(0).getMeters().get(0)).getRate());
        for (OFMeterMod add : adds) {
            assertEquals(Set.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST, OFMeterFlags.STATS), add.getFlags());
            OFMeterBandDrop band =
                    assertInstanceOf(OFMeterBandDrop.class, add.getMeters().get(0));
            assertEquals(band.getRate(), band.getBurstSize());
        }
        int lastMeter = r.startMessages.indexOf(adds.get(adds.size() - 1));
        List<OFFlowAdd> flows = meteredFlows(r.startMessages);
        assertTrue(flows.stream().allMatch(f -> r.startMessages.indexOf(f) > lastMeter), "flows after their meters");
        Set<Long> ids = adds.stream().map(OFMeterMod::getMeterId).collect(Collectors.toSet());
        assertEquals(adds.size(), ids.size(), "distinct ids");
    }

    @Test
    void eachPortHasItsOwnMeteredFlowPerKindAboveTheRoutersOwnControllerFlow() {
        RouterFixture r = new RouterFixture();
        List<OFFlowAdd> flows = meteredFlows(r.startMessages);
        assertEquals(16, flows.size());
        Map<Long, List<OFFlowAdd>> byMeter = flows.stream()
                .collect(Collectors.groupingBy(
                        f -> ((OFInstructionMeter) f.getInstructions().get(0)).getMeterId()));
        assertEquals(16, byMeter.size(), "one flow per meter");
        for (int port = 1; port <= 4; port++) {
            OFPort p = OFPort.of(port);
            List<OFFlowAdd> mine = flows.stream()
                    .filter(f -> p.equals(f.getMatch().get(MatchField.IN_PORT)))
                    .toList();
            assertEquals(
                    Set.of(
                            "0:" + PacketInMeters.P_ARP,
                            "5:" + PacketInMeters.P_SESSIONS,
                            "5:" + PacketInMeters.P_ICMP,
                            "3:" + PacketInMeters.P_ROUTES),
                    mine.stream()
                            .map(f -> f.getTableId().getValue() + ":" + f.getPriority())
                            .collect(Collectors.toSet()),
                    "port " + port);
            for (OFFlowAdd f : mine) {
                assertInstanceOf(OFInstructionMeter.class, f.getInstructions().get(0), "the meter comes first");
                var apply = assertInstanceOf(
                        OFInstructionApplyActions.class, f.getInstructions().get(1));
                assertEquals(
                        OFPort.CONTROLLER, ((OFActionOutput) apply.getActions().get(0)).getPort());
                assertEquals(Tables.STATIC_COOKIE, f.getCookie());
            }
        }
        assertTrue(PacketInMeters.P_ARP > PipelineFlows.P_ARP);
        assertTrue(PacketInMeters.P_ICMP < SessionFlows.BACKOFF_PRIORITY, "never above a backoff or session flow");
    }

    @Test
    void readingsAreNamedByKindAndConfiguredPort() {
        RouterFixture r = new RouterFixture();
        long wanSessions = PacketInMeters.meterId(PacketInMeters.Kind.SESSIONS, 3);
        OFMeterStatsReply reply = OF.buildMeterStatsReply()
                .setEntries(List.of(
                        OF.buildMeterStats()
                                .setMeterId(wanSessions)
                                .setPacketInCount(U64.of(100_000))
                                .setByteInCount(U64.of(1))
                                .setBandStats(List.of(OF.buildMeterBandStats()
                                        .setPacketBandCount(U64.of(95_000))
                                        .setByteBandCount(U64.ZERO)
                                        .build()))
                                .build(),
                        OF.buildMeterStats()
                                .setMeterId(PacketInMeters.CONTROLLER_METER)
                                .setPacketInCount(U64.of(7))
                                .setByteInCount(U64.ZERO)
                                .setBandStats(List.of())
                                .build(),
                        OF.buildMeterStats()
                                .setMeterId(99_999)
                                .setPacketInCount(U64.of(1))
                                .setByteInCount(U64.ZERO)
                                .setBandStats(List.of())
                                .build()))
                .build();
        r.router.meterStats(List.of(reply));
        Map<String, long[]> readings = r.router.meterReadings();
        assertArrayEquals(new long[] {100_000, 95_000}, readings.get("sessions.s1-eth4"));
        assertArrayEquals(new long[] {7, 0}, readings.get("total"));
        assertEquals(2, readings.size(), "a meter that is not ours is ignored");
    }

    @Test
    void limitsAreValidatedWithTheirNames() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new PacketInLimits(0, 1, 1, 1, 1));
        assertTrue(e.getMessage().contains("packetInLimits.sessions"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new PacketInLimits(1, 1, 1, 1, PacketInLimits.MAX_RATE + 1));
    }
}
