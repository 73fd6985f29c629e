package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.natflow.nat.core.LeasePolicy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code routers[].pcp}: whether hosts may ask the router for forwards themselves (PCP, RFC 6887,
 * and NAT-PMP, RFC 6886, on the router's LAN address, UDP 5351), which public ports, for how long
 * at most, and how many one host may hold.
 */
public class PcpFactory {
    @JsonProperty
    public boolean enabled = false;

    @NotEmpty
    @Size(max = LeasePolicy.MAX_RANGES)
    @JsonProperty
    public List<String> portRanges = new ArrayList<>(List.of("1024-65535"));

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    public Duration maxLifetime = Duration.hours(2);

    @Min(1)
    @Max(65535)
    @JsonProperty
    public int maxMappingsPerHost = 16;

    LeasePolicy build(String setting) {
        List<LeasePolicy.PortRange> ranges = new ArrayList<>();
        for (int i = 0; i < portRanges.size(); i++) {
            int[] r = Addresses.portRange(setting + ".portRanges[" + i + "]", portRanges.get(i));
            ranges.add(new LeasePolicy.PortRange(r[0], r[1]));
        }
        if (maxLifetime.toSeconds() > LeasePolicy.MAX_LIFETIME_CEILING) {
            throw new IllegalArgumentException(setting + ".maxLifetime (" + maxLifetime + ") must be at most "
                    + LeasePolicy.MAX_LIFETIME_CEILING + " s");
        }
        return new LeasePolicy(enabled, ranges, maxLifetime.toSeconds(), maxMappingsPerHost);
    }
}
