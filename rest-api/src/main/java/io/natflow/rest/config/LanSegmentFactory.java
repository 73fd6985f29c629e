package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.openflow.LanSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code lanSegments:} entry: a LAN of its own on some ports, whose prefix may repeat the main
 * LAN's; the other LANs reach it under {@code alias} (twice NAT, README "LAN segments").
 *
 * <pre>
 * lanSegments:
 *   - name: twin
 *     ports: [s1-eth6]
 *     prefix: 10.0.0.0/24
 *     routerAddress: 10.0.0.1
 *     alias: 172.16.2.0/24
 * </pre>
 */
public class LanSegmentFactory {
    @JsonProperty
    public String name;

    @JsonProperty
    public List<String> ports = new ArrayList<>();

    @JsonProperty
    public String prefix;

    @JsonProperty
    public String routerAddress;

    @JsonProperty
    public String alias;

    /** The segment; errors name {@code setting} and the field. */
    LanSegment build(String setting) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(setting + ".name: a name is required");
        }
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException(setting + ".ports: at least one port is required");
        }
        Ipv4Prefix real =
                new RouteFactory(require(setting, "prefix", prefix)).connectedPrefix(setting + ".prefix", setting);
        Ipv4Prefix aliased = new RouteFactory(require(setting, "alias", alias)).prefix(setting + ".alias");
        int router = Addresses.ipv4(setting + ".routerAddress", require(setting, "routerAddress", routerAddress));
        try {
            return new LanSegment(name, ports, real, router, aliased);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    private static String require(String setting, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + "." + field + ": required");
        }
        return value;
    }
}
