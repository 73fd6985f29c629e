package io.natflow.rest.settings;

import io.natflow.controller.OpenFlowServerConfig;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.rest.switches.DatapathIds;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.projectfloodlight.openflow.types.MacAddress;

/** The configuration as built at startup (what the controller actually runs with). */
public final class EffectiveConfig implements ConfigService {
    private final ConfigView view;

    public EffectiveConfig(OpenFlowServerConfig openflow, boolean tokenConfigured, boolean protectReads,
                           String forwardStore, List<RouterConfig> routers) {
        this.view = new ConfigView(
                new ConfigView.OpenFlow(openflow.bindAddress(), openflow.port(), seconds(openflow.handshakeTimeout()),
                        seconds(openflow.echoInterval()), openflow.echoMisses(), seconds(openflow.requestTimeout())),
                new ConfigView.Api(tokenConfigured, protectReads), forwardStore,
                routers.stream().map(EffectiveConfig::router).toList());
    }

    @Override
    public ConfigView effective() {
        return view;
    }

    private static ConfigView.Router router(RouterConfig r) {
        NatConfig n = r.nat();
        return new ConfigView.Router(DatapathIds.format(r.datapathId()),
                Ipv4.format(r.lanNetwork()) + "/" + r.lanPrefixLength(), Ipv4.format(r.routerLanIp()), MacAddress.of(r.routerMac()).toString(),
                r.lanPorts(), r.wanPort(), Arrays.stream(n.publicAddresses()).mapToObj(Ipv4::format).toList(),
                Ipv4.format(r.gatewayIp()), name(n.filtering()), name(n.unsolicited()),
                n.dmzHost() == 0 ? null : Ipv4.format(n.dmzHost()), n.portMin() + "-" + n.portMax(), n.perHostQuota(),
                n.maxMappings(), n.perHostSessions(), n.perMappingSessions(), name(n.refusalReply()),
                limits(r.packetInLimits()), new ConfigView.Timeouts(n.udpTimeoutMillis() / 1000.0, n.tcpEstablishedMillis() / 1000.0,
                        n.tcpTransitoryMillis() / 1000.0, n.icmpTimeoutMillis() / 1000.0, n.quarantineMillis() / 1000.0,
                        seconds(r.arpRetry())), r.forwards().size());
    }

    private static ConfigView.PacketInLimits limits(io.natflow.nat.openflow.PacketInLimits l) {
        return new ConfigView.PacketInLimits(l.sessions(), l.icmp(), l.arp(), l.routes(), l.total());
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
