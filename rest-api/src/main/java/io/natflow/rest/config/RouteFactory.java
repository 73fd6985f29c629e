package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.openflow.Route;
import jakarta.validation.constraints.NotEmpty;

/**
 * One {@code lanPrefixes:} or {@code routes:} entry: {@code {prefix: 10.1.0.0/24, via: 10.0.0.254}},
 * or a bare prefix {@code 10.0.0.0/24} (a LAN prefix without a next hop: the connected one).
 */
public class RouteFactory {
    @NotEmpty
    @JsonProperty
    public String prefix;

    /** The next hop, on a directly connected prefix; none for the connected LAN prefix itself. */
    @JsonProperty
    public String via;

    public RouteFactory() {}

    /** A bare prefix in the YAML list. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RouteFactory(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix; errors name {@code setting}. */
    Ipv4Prefix prefix(String setting) {
        int[] p = Addresses.prefix(setting, prefix == null ? "" : prefix);
        if (p[1] < 1 || p[1] > 32) {
            throw new IllegalArgumentException(setting + ": '" + prefix + "' needs a length of 1..32");
        }
        return new Ipv4Prefix(p[0], p[1]);
    }

    /**
     * The directly connected prefix: 8..30 bits, so it has hosts and is no bigger than a
     * router's LAN should be. {@code router} is the router's setting, which the error names.
     */
    Ipv4Prefix connectedPrefix(String setting, String router) {
        int[] p = Addresses.prefix(setting, prefix == null ? "" : prefix);
        if (p[1] < 8 || p[1] > 30) {
            throw new IllegalArgumentException(router + ": LAN prefix length must be 8..30, got " + p[1]);
        }
        return new Ipv4Prefix(p[0], p[1]);
    }

    boolean hasVia() {
        return via != null && !via.isBlank();
    }

    Route build(String setting) {
        if (!hasVia()) {
            throw new IllegalArgumentException(setting + ".via: a next hop is required");
        }
        return new Route(prefix(setting + ".prefix"), Addresses.ipv4(setting + ".via", via));
    }
}
