package io.natflow.rest.config;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.openflow.Route;
import io.natflow.nat.openflow.Routes;
import java.util.ArrayList;
import java.util.List;

/**
 * A router's {@code lanPrefix} / {@code lanPrefixes}, {@code routes} and {@code wanPrefix} as one
 * checked value: the connected LAN prefix and the {@link Routes}. Errors name the setting.
 */
record LanAddressing(Ipv4Prefix connected, Routes routes) {

    static LanAddressing of(
            String setting,
            String lanPrefix,
            List<RouteFactory> lanPrefixes,
            int routerIp,
            List<RouteFactory> routes,
            String wanPrefix,
            int gatewayIp) {
        boolean single = lanPrefix != null && !lanPrefix.isBlank();
        boolean list = lanPrefixes != null && !lanPrefixes.isEmpty();
        if (single && list) {
            throw new IllegalArgumentException(setting + ": give lanPrefix or lanPrefixes, not both");
        }
        if (!single && !list) {
            throw new IllegalArgumentException(setting + ".lanPrefixes: at least one LAN prefix is required");
        }
        List<RouteFactory> entries = single ? List.of(new RouteFactory(lanPrefix)) : lanPrefixes;
        String name = single ? setting + ".lanPrefix" : setting + ".lanPrefixes";
        Ipv4Prefix connected = null;
        List<Ipv4Prefix> all = new ArrayList<>();
        List<Route> routed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = single ? name : name + "[" + i + "]";
            if (entries.get(i) == null) {
                throw new IllegalArgumentException(entry + ": an empty entry");
            }
            Ipv4Prefix prefix = entries.get(i).hasVia()
                    ? entries.get(i).prefix(entry + ".prefix")
                    : entries.get(i).connectedPrefix(entry, setting);
            for (Ipv4Prefix other : all) {
                if (other.overlaps(prefix)) {
                    throw new IllegalArgumentException(entry + ": " + prefix + " overlaps " + other);
                }
            }
            all.add(prefix);
            if (!entries.get(i).hasVia()) {
                if (connected != null) {
                    throw new IllegalArgumentException(entry + ": " + prefix + " needs a via (a router on the LAN): "
                            + "only one prefix, that of routerAddress, is directly connected");
                }
                connected = prefix;
            }
        }
        if (connected == null) {
            throw new IllegalArgumentException(
                    name + ": one prefix, the directly connected one that holds routerAddress, is given without via");
        }
        if (!connected.contains(routerIp)) {
            return new LanAddressing(connected, Routes.NONE); // RouterConfig says routerAddress is outside it
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).hasVia()) {
                Route r = entries.get(i).build(name + "[" + i + "]");
                if (!connected.isHost(r.via()) || r.via() == routerIp) {
                    throw new IllegalArgumentException(name + "[" + i + "].via: " + Ipv4.format(r.via())
                            + " is not a host of the directly connected LAN prefix " + connected);
                }
                routed.add(r);
            }
        }
        List<Route> wan = wanRoutes(setting, routes, wanPrefix, gatewayIp, all);
        try {
            return new LanAddressing(connected, new Routes(routed, wan));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ".routes: " + e.getMessage(), e); // a duplicate prefix
        }
    }

    private static List<Route> wanRoutes(
            String setting, List<RouteFactory> routes, String wanPrefix, int gatewayIp, List<Ipv4Prefix> lan) {
        Ipv4Prefix link = null;
        if (wanPrefix != null && !wanPrefix.isBlank()) {
            link = new RouteFactory(wanPrefix).prefix(setting + ".wanPrefix");
            if (!link.contains(gatewayIp)) {
                throw new IllegalArgumentException(
                        setting + ".gateway: " + Ipv4.format(gatewayIp) + " is outside wanPrefix " + link);
            }
        }
        List<Route> out = new ArrayList<>();
        if (routes == null) {
            return out;
        }
        for (int i = 0; i < routes.size(); i++) {
            String entry = setting + ".routes[" + i + "]";
            if (routes.get(i) == null) {
                throw new IllegalArgumentException(entry + ": an empty entry");
            }
            Route r = routes.get(i).build(entry);
            if (link == null) {
                throw new IllegalArgumentException(
                        entry + ": routes need " + setting + ".wanPrefix, the WAN link's prefix their via is on");
            }
            if (!link.isHost(r.via())) {
                throw new IllegalArgumentException(entry + ".via: " + Ipv4.format(r.via())
                        + " is not on the directly connected WAN prefix " + link);
            }
            for (Ipv4Prefix p : lan) {
                if (p.overlaps(r.prefix())) {
                    throw new IllegalArgumentException(entry + ": " + r.prefix() + " overlaps LAN prefix " + p);
                }
            }
            out.add(r);
        }
        return out;
    }
}
