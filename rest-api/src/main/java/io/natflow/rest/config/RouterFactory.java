package io.natflow.rest.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.natflow.nat.core.FilteringMode;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.RefusalReply;
import io.natflow.nat.core.UnsolicitedPolicy;
import io.natflow.nat.openflow.LanSegment;
import io.natflow.nat.openflow.LanSegments;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.RuleList;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.forwards.ForwardRequest;
import io.natflow.rest.rules.DnatRules;
import io.natflow.rest.rules.RuleBody;
import io.natflow.rest.rules.RuleCodec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One {@code routers:} entry: the NAT configuration of one switch. */
public class RouterFactory {
    @NotEmpty
    @JsonProperty
    public String datapathId;

    /** The directly connected LAN prefix; or give {@link #lanPrefixes} (not both). */
    @JsonProperty
    public String lanPrefix;

    /** LAN prefixes: the connected one bare or without via, routed ones with the LAN-side router as via. */
    @Valid
    @JsonProperty
    public List<RouteFactory> lanPrefixes = new ArrayList<>();

    /** Static routes to WAN next hops other than the gateway (longest prefix wins). */
    @Valid
    @JsonProperty
    public List<RouteFactory> routes = new ArrayList<>();

    /**
     * Extra LANs on their own ports, each with its own neighbours and an alias under which the
     * other LANs reach it; their prefixes may repeat the LAN prefix (twice NAT). Needs {@link #alias}.
     */
    @Valid
    @JsonProperty
    public List<LanSegmentFactory> lanSegments = new ArrayList<>();

    /** The prefix the LAN segments reach the main LAN (lanPrefix) under, host bits kept; with lanSegments only. */
    @JsonProperty
    public String alias;

    /** The WAN link's prefix: the gateway and every route's via must be on it. Needed with routes. */
    @JsonProperty
    public String wanPrefix;

    @NotEmpty
    @JsonProperty
    public String routerAddress;

    @NotEmpty
    @JsonProperty
    public String routerMac;

    @NotEmpty
    @JsonProperty
    public List<String> lanPorts;

    @NotEmpty
    @JsonProperty
    public String wanPort;

    @NotEmpty
    @JsonProperty
    public List<String> publicAddresses;

    @NotEmpty
    @JsonProperty
    public String gateway;

    @NotNull
    @JsonProperty
    public FilteringMode filtering = FilteringMode.ADDRESS_AND_PORT_DEPENDENT;

    @NotNull
    @JsonProperty
    public UnsolicitedPolicy unsolicitedInbound = UnsolicitedPolicy.DROP;

    @JsonProperty
    public String dmzHost;

    @NotEmpty
    @JsonProperty
    public String portRange = "1024-65535";

    @Min(1)
    @JsonProperty
    public int perHostQuota = 4096;

    @Min(1)
    @JsonProperty
    public int maxMappings = 1_000_000;
    /** Sessions (remote endpoints, two flows each) over one host's mappings, and of one mapping (RFC 6888 REQ-5). */
    @Min(1)
    @JsonProperty
    public int perHostSessions = 16_384;

    @Min(1)
    @JsonProperty
    public int perMappingSessions = 4096;
    /** What the sender of a refused new session hears: nothing, or ICMP administratively prohibited. */
    @NotNull
    @JsonProperty
    public RefusalReply refusalReply = RefusalReply.ADMIN_PROHIBITED;

    @Valid
    @NotNull
    @JsonProperty
    public PacketInLimitsFactory packetInLimits = new PacketInLimitsFactory();

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    public Duration udpTimeout = Duration.minutes(5);

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    public Duration tcpEstablishedTimeout = Duration.seconds(7440);

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    public Duration tcpTransitoryTimeout = Duration.minutes(4);

    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    public Duration icmpTimeout = Duration.seconds(60);

    @JsonProperty
    public Duration quarantine = Duration.seconds(120);

    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    public Duration arpRetry = Duration.seconds(1);

    @Valid
    @JsonProperty
    public List<ForwardFactory> forwards = new ArrayList<>();
    /**
     * The ordered NAT rules (README, "NAT rules"); left out: rule 100 masquerades lanPrefix to
     * publicAddresses, today's behaviour. A rule store entry for this router replaces them.
     * {@code dnat} entries are port forwards: the router gets them after {@code forwards:}
     * ({@link #dnatRules}), and the rule store does not replace them.
     */
    @JsonProperty
    public List<RuleBody> rules;

    /** Forwards hosts lease themselves over PCP / NAT-PMP; off unless enabled. */
    @Valid
    @NotNull
    @JsonProperty
    public PcpFactory pcp = new PcpFactory();

    /** A port forward of natflow.yml as a {@code dnat} rule: its number and description. */
    public record ConfigForward(int number, String description) {}

    /**
     * natflow.yml's port forwards in the router's order ({@code forwards:}, then the {@code dnat}
     * entries of {@code rules:}) with their rule numbers: a dnat entry's is its place in {@code
     * rules:}, a {@code forwards:} entry's the next ten after every number of {@code rules:} (of
     * the default list, 100). So the numbers depend on natflow.yml alone and stay across restarts.
     */
    public List<ConfigForward> configForwards() {
        List<ConfigForward> dnat = new ArrayList<>();
        int number = rules == null ? 100 : 0;
        for (RuleBody b : rules == null ? List.<RuleBody>of() : rules) {
            int n = b != null && b.number() != null ? b.number() : (number / 10 + 1) * 10;
            number = Math.max(number, n);
            if (DnatRules.isDnat(b)) {
                dnat.add(new ConfigForward(n, b.description()));
            }
        }
        List<ConfigForward> out = new ArrayList<>();
        for (ForwardFactory f : forwards) {
            number = Math.min(NatRule.MAX_NUMBER, (number / 10 + 1) * 10);
            out.add(new ConfigForward(number, f.description));
        }
        out.addAll(dnat);
        return out;
    }

    /** The port forwards of the {@code dnat} entries of {@code rules:}, in order. */
    private List<ForwardRule> dnatForwards(String setting, int defaultPublicIp) {
        List<ForwardRule> out = new ArrayList<>();
        for (int i = 0; rules != null && i < rules.size(); i++) {
            RuleBody b = rules.get(i);
            if (!DnatRules.isDnat(b)) {
                continue;
            }
            String where = setting + ".rules[" + i + "]";
            ForwardRequest r;
            try {
                r = DnatRules.request(b, null);
            } catch (ApiException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            ForwardFactory f = new ForwardFactory();
            f.protocol = io.natflow.nat.core.Protocol.valueOf(r.protocol().toUpperCase(java.util.Locale.ROOT));
            f.publicPort = r.publicPort();
            f.internal = r.internalAddress().trim() + ":" + r.internalPort().trim();
            f.publicAddress = r.publicAddress();
            out.add(f.build(where, defaultPublicIp));
        }
        return out;
    }

    private RuleList rules(String setting) {
        if (rules == null) {
            return null;
        }
        List<NatRule> out = new ArrayList<>();
        int number = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (DnatRules.isDnat(rules.get(i))) { // a port forward (dnatForwards), numbered in the list's sequence
                Integer given = rules.get(i).number();
                number = Math.max(number, given != null ? given : (number / 10 + 1) * 10);
                continue;
            }
            try {
                NatRule rule = RuleCodec.rule(rules.get(i), (number / 10 + 1) * 10);
                number = Math.max(number, rule.number());
                out.add(rule);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + ".rules[" + i + "]: " + e.getMessage(), e);
            }
        }
        return RuleList.of(out);
    }

    private LanSegments segments(String setting) {
        List<LanSegment> out = new ArrayList<>();
        List<LanSegmentFactory> entries = lanSegments == null ? List.of() : lanSegments;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null) {
                throw new IllegalArgumentException(setting + ".lanSegments[" + i + "]: an empty entry");
            }
            out.add(entries.get(i).build(setting + ".lanSegments[" + i + "]"));
        }
        Ipv4Prefix lanAlias =
                alias == null || alias.isBlank() ? null : new RouteFactory(alias).prefix(setting + ".alias");
        try {
            return new LanSegments(lanAlias, out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ".lanSegments: " + e.getMessage(), e);
        }
    }

    /** Builds the router configuration; a wrong value fails with a message naming the setting. */
    public RouterConfig build(String setting) {
        int[] ports = Addresses.portRange(setting + ".portRange", portRange);
        int[] pool = publicAddresses.stream()
                .mapToInt(a -> Addresses.ipv4(setting + ".publicAddresses", a))
                .toArray();
        NatConfig.Builder nat = NatConfig.builder(pool)
                .portRange(ports[0], ports[1])
                .filtering(filtering)
                .unsolicited(unsolicitedInbound)
                .perHostQuota(perHostQuota)
                .maxMappings(maxMappings)
                .perHostSessions(perHostSessions)
                .perMappingSessions(perMappingSessions)
                .refusalReply(refusalReply)
                .udpTimeout(udpTimeout.toJavaDuration())
                .tcpEstablishedTimeout(tcpEstablishedTimeout.toJavaDuration())
                .tcpTransitoryTimeout(tcpTransitoryTimeout.toJavaDuration())
                .icmpTimeout(icmpTimeout.toJavaDuration())
                .quarantine(quarantine.toJavaDuration())
                .leases(pcp.build(setting + ".pcp"));
        if (unsolicitedInbound == UnsolicitedPolicy.DMZ) {
            if (dmzHost == null) {
                throw new IllegalArgumentException(setting + ".dmzHost is required when unsolicitedInbound is dmz");
            }
            nat.dmzHost(Addresses.ipv4(setting + ".dmzHost", dmzHost));
        }
        if (tcpEstablishedTimeout.toSeconds() <= tcpTransitoryTimeout.toSeconds() + 1) {
            // session flows tell an unconfirmed answer (transitory + 1 s) from an established one by their timeout
            throw new IllegalArgumentException(setting + ".tcpEstablishedTimeout (" + tcpEstablishedTimeout
                    + ") must exceed tcpTransitoryTimeout (" + tcpTransitoryTimeout + ") by more than 1 s");
        }
        List<ForwardRule> rules = new ArrayList<>();
        for (int i = 0; i < forwards.size(); i++) {
            rules.add(forwards.get(i).build(setting + ".forwards[" + i + "]", pool[0]));
        }
        rules.addAll(dnatForwards(setting, pool[0]));
        long dpid = Addresses.datapathId(setting + ".datapathId", datapathId);
        int routerIp = Addresses.ipv4(setting + ".routerAddress", routerAddress);
        long mac = Addresses.mac(setting + ".routerMac", routerMac);
        int gatewayIp = Addresses.ipv4(setting + ".gateway", gateway);
        LanAddressing lan = LanAddressing.of(setting, lanPrefix, lanPrefixes, routerIp, routes, wanPrefix, gatewayIp);
        LanSegments segments = segments(setting);
        try {
            return new RouterConfig(
                    dpid,
                    lan.connected().network(),
                    lan.connected().length(),
                    routerIp,
                    mac,
                    lanPorts,
                    wanPort,
                    gatewayIp,
                    nat.build(),
                    rules,
                    arpRetry.toJavaDuration(),
                    packetInLimits.build(),
                    lan.routes(),
                    rules(setting),
                    segments);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }
}
