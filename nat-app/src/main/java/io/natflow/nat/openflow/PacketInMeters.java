package io.natflow.nat.openflow;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterBandStats;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFMeterStats;
import org.projectfloodlight.openflow.protocol.OFMeterStatsReply;
import org.projectfloodlight.openflow.protocol.OFMeterStatsRequest;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Bounds in the switch what each port can send the controller, with OpenFlow 1.3 meters
 * (packets/s, drop band; Open vSwitch's userspace datapath runs them): a scan of the public
 * address from the WAN, or a flood from one LAN port, is dropped in the datapath and cannot take
 * the controller from the other ports. For every port and kind of packet-in there is one meter
 * and one flow that matches the port, just above the router's own controller-bound flow of that
 * kind (which stays, as the fallback for other ports), and sends to the controller through the
 * meter. The switch's controller meter (OFPM_CONTROLLER) bounds every packet-in together,
 * including those no flow of ours meters: TTL expiry and first-fragment header copies (a meter
 * instruction there would drop the packet itself, not only its copy).
 *
 * <p>On connect the switch's meters are deleted (with the flows that use them) and recreated, so
 * a restarted controller's settings win. Stats are read back on request ({@link #read}).
 */
final class PacketInMeters {
    /** OFPM_CONTROLLER: the switch's meter for all packet-ins. */
    static final long CONTROLLER_METER = 0xffff_fffeL;

    private static final long ALL_METERS = 0xffff_ffffL;
    /** Above the table-miss flows (priority 0) of UP (first packets) and ROUTE, below everything else there. */
    static final int P_SESSIONS = 1;

    static final int P_ICMP = 2;
    static final int P_ROUTES = 1;
    static final int P_ARP = PipelineFlows.P_ARP + 1;

    /** The kinds of packet-in, each with its meter per port. */
    enum Kind {
        SESSIONS,
        ICMP,
        ARP,
        ROUTES;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One meter's counts as last read: packets it saw and packets its band dropped. */
    record Reading(long packets, long dropped) {}

    private final RouterConfig config;
    private final FlowMods mods;
    private final OFFactory f;
    /** Meter id to "kind.port" (or "total"), for the readings; set on install. */
    private Map<Long, String> labels = Map.of();

    private Map<String, Reading> last = Map.of();

    PacketInMeters(RouterConfig config, FlowMods mods) {
        this.config = config;
        this.mods = mods;
        this.f = mods.factory();
    }

    /** Meter id of a kind on the port at {@code index} (LAN ports in configured order, then the WAN port). */
    static long meterId(Kind kind, int index) {
        return 1 + (long) kind.ordinal() * (RouterConfig.MAX_LAN_PORTS + 1) + index;
    }

    /** Meter mods first (a flow may only name an existing meter), then the metered flows. */
    List<OFMessage> install(SwitchPorts ports) {
        List<OFPort> all = new ArrayList<>(ports.lan());
        all.add(ports.wan());
        List<String> names = new ArrayList<>(config.lanPorts());
        names.add(config.wanPort());
        PacketInLimits limits = config.packetInLimits();

        List<OFMessage> out = new ArrayList<>();
        out.add(f.buildMeterMod()
                .setCommand(OFMeterModCommand.DELETE)
                .setMeterId(ALL_METERS)
                .setFlags(Set.of())
                .setMeters(List.of())
                .build());
        Map<Long, String> byId = new LinkedHashMap<>();
        out.add(meterAdd(CONTROLLER_METER, limits.total()));
        byId.put(CONTROLLER_METER, "total");
        List<OFMessage> flows = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            OFPort port = all.get(i);
            for (Kind kind : Kind.values()) {
                long id = meterId(kind, i);
                out.add(meterAdd(id, rate(limits, kind)));
                byId.put(id, kind.label() + "." + names.get(i));
                flows.add(flow(kind, port, id));
            }
        }
        out.addAll(flows);
        labels = Map.copyOf(byId);
        return out;
    }

    OFMeterStatsRequest statsRequest() {
        return f.buildMeterStatsRequest().setMeterId(ALL_METERS).build();
    }

    /** Takes a meter stats reading; unknown meters (not ours) are ignored. */
    void read(List<OFMeterStatsReply> replies) {
        Map<String, Reading> now = new LinkedHashMap<>();
        for (OFMeterStatsReply reply : replies) {
            for (OFMeterStats stats : reply.getEntries()) {
                String label = labels.get(stats.getMeterId());
                if (label != null) {
                    long dropped = 0;
                    for (OFMeterBandStats band : stats.getBandStats()) {
                        dropped += band.getPacketBandCount().getValue();
                    }
                    now.put(label, new Reading(stats.getPacketInCount().getValue(), dropped));
                }
            }
        }
        last = Map.copyOf(now);
    }

    /** The last reading by "kind.port" ("sessions.s1-eth4") and "total". */
    Map<String, Reading> readings() {
        return last;
    }

    private OFMessage meterAdd(long id, int packetsPerSecond) {
        OFMeterBand drop = f.meterBands()
                .buildDrop()
                .setRate(packetsPerSecond)
                .setBurstSize(packetsPerSecond)
                .build();
        return f.buildMeterMod()
                .setCommand(OFMeterModCommand.ADD)
                .setMeterId(id)
                .setFlags(EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST, OFMeterFlags.STATS))
                .setMeters(List.of(drop))
                .build();
    }

    private OFMessage flow(Kind kind, OFPort port, long meterId) {
        Match.Builder match = f.buildMatch().setExact(MatchField.IN_PORT, port);
        TableId table;
        int priority;
        switch (kind) {
            case ARP -> {
                match.setExact(MatchField.ETH_TYPE, EthType.ARP);
                table = Tables.CLASSIFY;
                priority = P_ARP;
            }
            case SESSIONS -> {
                match.setExact(MatchField.ETH_TYPE, EthType.IPv4);
                table = Tables.UP;
                priority = P_SESSIONS;
            }
            case ICMP -> {
                match.setExact(MatchField.ETH_TYPE, EthType.IPv4).setExact(MatchField.IP_PROTO, IpProtocol.ICMP);
                table = Tables.UP;
                priority = P_ICMP;
            }
            default -> {
                match.setExact(MatchField.ETH_TYPE, EthType.IPv4);
                table = Tables.ROUTE;
                priority = P_ROUTES;
            }
        }
        List<OFInstruction> instructions = new ArrayList<>(2);
        instructions.add(f.instructions().buildMeter().setMeterId(meterId).build());
        instructions.addAll(mods.apply(List.of(mods.wholePacketToController())));
        return mods.staticFlow(table, priority, match.build(), instructions);
    }

    private static int rate(PacketInLimits limits, Kind kind) {
        return switch (kind) {
            case SESSIONS -> limits.sessions();
            case ICMP -> limits.icmp();
            case ARP -> limits.arp();
            case ROUTES -> limits.routes();
        };
    }
}
