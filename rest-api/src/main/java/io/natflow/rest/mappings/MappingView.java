package io.natflow.rest.mappings;

import java.time.Instant;
import java.util.List;

/**
 * A live mapping as the REST API shows it.
 *
 * @param protocol tcp, udp or icmp (for icmp the ports are query identifiers)
 * @param origin   dynamic (outbound traffic), forward (a port forward's session) or dmz
 * @param tcpState the core's TCP state, null for udp and icmp
 * @param remotes  remote endpoints the mapping talked to, "ip:port", oldest first (bounded)
 */
public record MappingView(
        long id,
        String datapathId,
        String protocol,
        String origin,
        String internalAddress,
        int internalPort,
        String publicAddress,
        int publicPort,
        List<String> remotes,
        String tcpState,
        Instant createdAt,
        Instant lastUsed,
        Instant expiresAt) {}
