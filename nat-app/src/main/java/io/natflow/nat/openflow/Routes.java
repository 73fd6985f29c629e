package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A router's routes besides its connected LAN prefix and the default route via the gateway:
 * LAN prefixes behind routers on the LAN ({@code lan}) and static routes to WAN next hops
 * ({@code wan}, longest prefix wins). Each route is one flow in the route table (PipelineFlows).
 */
public record Routes(List<Route> lan, List<Route> wan) {
    /** Most routes of each kind: each is a flow (LAN: two) and a next hop to keep resolved. */
    public static final int MAX_ROUTES = 256;

    public static final Routes NONE = new Routes(List.of(), List.of());

    public Routes {
        lan = List.copyOf(lan);
        List<Route> longestFirst = new ArrayList<>(wan);
        longestFirst.sort(
                Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        wan = List.copyOf(longestFirst);
        if (lan.size() > MAX_ROUTES || wan.size() > MAX_ROUTES) {
            throw new IllegalArgumentException("at most " + MAX_ROUTES + " routes of each kind, got " + lan.size()
                    + " LAN and " + wan.size() + " WAN routes");
        }
        for (int i = 0; i < lan.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (lan.get(i).prefix().overlaps(lan.get(j).prefix())) {
                    throw new IllegalArgumentException("LAN prefixes "
                            + lan.get(j).prefix() + " and " + lan.get(i).prefix() + " overlap");
                }
            }
        }
        Set<Ipv4Prefix> seen = new HashSet<>();
        for (Route r : wan) {
            if (r.prefix().length() == 0) {
                throw new IllegalArgumentException("route " + r + ": the default route is the gateway");
            }
            if (!seen.add(r.prefix())) {
                throw new IllegalArgumentException("two routes for " + r.prefix());
            }
        }
    }

    /** The next hop of the routed LAN prefix that holds {@code ip}, or 0 if none does. */
    int lanVia(int ip) {
        for (Route r : lan) {
            if (r.prefix().contains(ip)) {
                return r.via();
            }
        }
        return 0;
    }

    /** The WAN next hop for {@code ip}: the longest matching route's, else the gateway. */
    int wanNextHop(int ip, int gateway) {
        for (Route r : wan) { // longest prefix first
            if (r.prefix().contains(ip)) {
                return r.via();
            }
        }
        return gateway;
    }

    /** The distinct WAN next hops, in route order. */
    Set<Integer> wanHops() {
        Set<Integer> hops = new LinkedHashSet<>();
        wan.forEach(r -> hops.add(r.via()));
        return hops;
    }

    boolean isWanHop(int ip) {
        for (Route r : wan) {
            if (r.via() == ip) {
                return true;
            }
        }
        return false;
    }

    static List<Route> via(List<Route> routes, int ip) {
        return routes.stream().filter(r -> r.via() == ip).toList();
    }
}
