package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import java.util.Objects;

/**
 * A prefix reached through a next hop that is not the router itself: a routed LAN behind a
 * router on the LAN, or a WAN destination behind a next hop other than the gateway.
 *
 * @param via the next hop, an address on a directly connected prefix
 */
public record Route(Ipv4Prefix prefix, int via) {
    public Route {
        Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String toString() {
        return prefix + " via " + Ipv4.format(via);
    }
}
