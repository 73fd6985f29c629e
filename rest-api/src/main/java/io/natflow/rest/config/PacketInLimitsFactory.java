package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natflow.nat.openflow.PacketInLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code routers[].packetInLimits}: packets per second the switch may send the controller, per
 * switch port and kind, and in all; the switch drops the excess (OpenFlow meters).
 */
public class PacketInLimitsFactory {
    private static final PacketInLimits D = PacketInLimits.DEFAULTS;

    @Min(1)
    @Max(PacketInLimits.MAX_RATE)
    @JsonProperty
    public int sessions = D.sessions();

    @Min(1)
    @Max(PacketInLimits.MAX_RATE)
    @JsonProperty
    public int icmp = D.icmp();

    @Min(1)
    @Max(PacketInLimits.MAX_RATE)
    @JsonProperty
    public int arp = D.arp();

    @Min(1)
    @Max(PacketInLimits.MAX_RATE)
    @JsonProperty
    public int routes = D.routes();

    @Min(1)
    @Max(PacketInLimits.MAX_RATE)
    @JsonProperty
    public int total = D.total();

    PacketInLimits build() {
        return new PacketInLimits(sessions, icmp, arp, routes, total);
    }
}
