package io.natflow.rest.settings;

import java.util.List;

/** The effective configuration as {@code GET /api/config} shows it; the API token is never included. */
public record ConfigView(OpenFlow openflow, Api api, String forwardStore, List<Router> routers) {

    public record OpenFlow(
            String bindAddress,
            int port,
            double handshakeTimeoutSeconds,
            double echoIntervalSeconds,
            int echoMisses,
            double requestTimeoutSeconds) {}

    /** @param tokenConfigured whether writes need a bearer token (the token itself is not shown) */
    public record Api(boolean tokenConfigured, boolean protectReads) {}

    /** One NAT router, with every default filled in. */
    public record Router(
            String datapathId,
            String lanPrefix,
            String routerAddress,
            String routerMac,
            List<String> lanPorts,
            String wanPort,
            List<String> publicAddresses,
            String gateway,
            String filtering,
            String unsolicitedInbound,
            String dmzHost,
            String portRange,
            int perHostQuota,
            int maxMappings,
            int perHostSessions,
            int perMappingSessions,
            String refusalReply,
            PacketInLimits packetInLimits,
            Timeouts timeouts,
            int configForwards,
            List<String> lanPrefixes,
            List<String> routes) {}

    /** Packets per second, per switch port and kind ({@code total}: all together). */
    public record PacketInLimits(int sessions, int icmp, int arp, int routes, int total) {}

    /** Seconds. */
    public record Timeouts(
            double udp, double tcpEstablished, double tcpTransitory, double icmp, double quarantine, double arpRetry) {}
}
