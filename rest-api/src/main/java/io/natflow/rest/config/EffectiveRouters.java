package io.natflow.rest.config;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.openflow.PacketInLimits;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.rest.settings.ConfigView;
import io.natflow.rest.switches.DatapathIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The routers as built from natflow.yml, as {@code GET /api/config} shows them. */
public final class EffectiveRouters {
    private EffectiveRouters() {}

    public static List<ConfigView.Router> of(List<RouterConfig> routers) {
        return routers.stream().map(EffectiveRouters::router).toList();
    }

    private static ConfigView.Router router(RouterConfig r) {
        NatConfig n = r.nat();
        return new ConfigView.Router(
                DatapathIds.format(r.datapathId()),
                Ipv4.format(r.lanNetwork()) + "/" + r.lanPrefixLength(),
                Ipv4.format(r.routerLanIp()),
                mac(r.routerMac()),
                r.lanPorts(),
                r.wanPort(),
                Arrays.stream(n.publicAddresses()).mapToObj(Ipv4::format).toList(),
                Ipv4.format(r.gatewayIp()),
                name(n.filtering()),
                name(n.unsolicited()),
                n.dmzHost() == 0 ? null : Ipv4.format(n.dmzHost()),
                n.portMin() + "-" + n.portMax(),
                n.perHostQuota(),
                n.maxMappings(),
                n.perHostSessions(),
                n.perMappingSessions(),
                name(n.refusalReply()),
                limits(r.packetInLimits()),
                new ConfigView.Timeouts(
                        n.udpTimeoutMillis() / 1000.0,
                        n.tcpEstablishedMillis() / 1000.0,
                        n.tcpTransitoryMillis() / 1000.0,
                        n.icmpTimeoutMillis() / 1000.0,
                        n.quarantineMillis() / 1000.0,
                        seconds(r.arpRetry())),
                r.forwards().size(),
                lanPrefixes(r),
                r.routes().wan().stream().map(Object::toString).toList());
    }

    /** The connected prefix, then the routed ones with their next hop. */
    private static List<String> lanPrefixes(RouterConfig r) {
        List<String> out = new ArrayList<>();
        out.add(r.lanPrefix().toString());
        r.routes().lan().forEach(route -> out.add(route.toString()));
        return out;
    }

    private static ConfigView.PacketInLimits limits(PacketInLimits l) {
        return new ConfigView.PacketInLimits(l.sessions(), l.icmp(), l.arp(), l.routes(), l.total());
    }

    /** "02:00:00:00:00:01": six octets, lower-case hex. */
    static String mac(long mac) {
        StringBuilder out = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (out.length() > 0) {
                out.append(':');
            }
            out.append(String.format("%02x", (mac >>> shift) & 0xff));
        }
        return out.toString();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
