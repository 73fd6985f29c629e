package io.natflow.nat.openflow;

import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U16;

/** Match builders for the NAT pipeline. */
final class Matches {
    /** OpenFlow 1.4's class for the ONF experimenter OXM tcp_flags, which OVS accepts in 1.3 too. */
    private static final OFFactory OF14 = OFFactories.getFactory(OFVersion.OF_14);

    private Matches() {}

    static IpProtocol ipProtocol(Protocol protocol) {
        return IpProtocol.of((short) protocol.ipProtocolNumber());
    }

    /**
     * A 5-tuple match: source and destination address and port of one direction of a session.
     * Built from one OXM list: loxi's {@code Match.Builder.setExact} rebuilds its immutable OXM
     * list on every call, which made match building a fifth of the controller's flow-setup CPU
     * (docs/benchmarks.md, flow-setup profile). Same wire bytes: loxi orders OXMs canonically.
     */
    static Match session(OFFactory f, Protocol protocol, int srcIp, int srcPort, int dstIp, int dstPort) {
        OFOxms o = f.oxms();
        boolean tcp = protocol == Protocol.TCP;
        TransportPort sp = TransportPort.of(srcPort);
        TransportPort dp = TransportPort.of(dstPort);
        return f.buildMatchV3()
                .setOxmList(OFOxmList.of(
                        o.ethType(EthType.IPv4),
                        o.ipProto(ipProtocol(protocol)),
                        o.ipv4Src(IPv4Address.of(srcIp)),
                        o.ipv4Dst(IPv4Address.of(dstIp)),
                        tcp ? o.tcpSrc(sp) : o.udpSrc(sp),
                        tcp ? o.tcpDst(dp) : o.udpDst(dp)))
                .build();
    }

    /**
     * {@code base} narrowed to first fragments of {@code protocol} ({@link IpFragOxm#FIRST});
     * {@code base} must match IPv4, the field's prerequisite.
     */
    static Match firstFragments(OFFactory f, Match base, IpProtocol protocol) {
        List<OFOxm<?>> oxms = new ArrayList<>();
        ((OFMatchV3) base).getOxmList().forEach(oxms::add);
        oxms.add(f.oxms().ipProto(protocol));
        oxms.add(IpFragOxm.FIRST);
        return f.buildMatchV3().setOxmList(OFOxmList.ofList(oxms)).build();
    }

    /**
     * TCP whose flag bits under {@code mask} equal {@code value}. OpenFlow 1.3 has no
     * standard tcp_flags field; OVS takes the ONF experimenter OXM (class 0xffff, field 42,
     * experimenter 0x4f4e4600), which loxi only models for 1.4+, so that OXM is borrowed into a
     * 1.3 match: its bytes are the same.
     */
    static Match tcpFlags(OFFactory f, int value, int mask) {
        return f.buildMatchV3()
                .setOxmList(OFOxmList.of(
                        f.oxms().ethType(EthType.IPv4), f.oxms().ipProto(IpProtocol.TCP), tcpFlagsOxm(value, mask)))
                .build();
    }

    /** A TCP connection's opening segment: SYN set, ACK clear. */
    static Match tcpSynOnly(OFFactory f) {
        return tcpFlags(f, TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK);
    }

    /** The opening segments of one host's TCP connections (a refused host's backoff). */
    static Match tcpSynOnlyFrom(OFFactory f, int hostIp) {
        return f.buildMatchV3()
                .setOxmList(OFOxmList.of(
                        f.oxms().ethType(EthType.IPv4),
                        f.oxms().ipProto(IpProtocol.TCP),
                        f.oxms().ipv4Src(IPv4Address.of(hostIp)),
                        tcpFlagsOxm(TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK)))
                .build();
    }

    /** The same for one internal endpoint (its source port). */
    static Match tcpSynOnlyFrom(OFFactory f, int hostIp, int port) {
        return f.buildMatchV3()
                .setOxmList(OFOxmList.of(
                        f.oxms().ethType(EthType.IPv4),
                        f.oxms().ipProto(IpProtocol.TCP),
                        f.oxms().ipv4Src(IPv4Address.of(hostIp)),
                        f.oxms().tcpSrc(TransportPort.of(port)),
                        tcpFlagsOxm(TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK)))
                .build();
    }

    private static OFOxm<?> tcpFlagsOxm(int value, int mask) {
        return OF14.oxms()
                .buildOvsTcpFlagsMasked()
                .setValue(U16.of(value))
                .setMask(U16.of(mask))
                .build();
    }
}
