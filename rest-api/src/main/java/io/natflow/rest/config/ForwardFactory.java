package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Protocol;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** One {@code forwards:} entry: {@code {protocol: tcp, publicPort: 8080, internal: 10.0.0.13:80}}. */
public class ForwardFactory {
    @NotNull
    @JsonProperty
    public Protocol protocol;

    /** A port or an equal-length range "8000-8010". */
    @NotEmpty
    @JsonProperty
    public String publicPort;

    /** "ip:port" (the first port of the range for a range). */
    @NotEmpty
    @JsonProperty
    public String internal;

    /** Optional: which public address; defaults to the first. */
    @JsonProperty
    public String publicAddress;

    @JsonProperty
    public String description;

    ForwardRule build(String setting, int defaultPublicIp) {
        if (protocol == Protocol.ICMP) {
            throw new IllegalArgumentException(setting + ": forwards are for tcp or udp");
        }
        int[] ports = Addresses.portRange(setting + ".publicPort", publicPort);
        int colon = internal.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(setting + ".internal: '" + internal + "' must be ip:port");
        }
        int internalIp = Addresses.ipv4(setting + ".internal", internal.substring(0, colon));
        int internalPort = Addresses.portRange(setting + ".internal", internal.substring(colon + 1))[0];
        int count = ports[1] - ports[0] + 1;
        if (internalPort + count - 1 > 65535) {
            throw new IllegalArgumentException(setting + ": internal port range runs past 65535");
        }
        int publicIp =
                publicAddress == null ? defaultPublicIp : Addresses.ipv4(setting + ".publicAddress", publicAddress);
        return new ForwardRule.PortForward(protocol, publicIp, ports[0], internalIp, internalPort, count);
    }
}
