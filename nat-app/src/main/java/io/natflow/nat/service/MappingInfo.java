package io.natflow.nat.service;

import io.natflow.nat.core.Origin;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpState;
import java.util.List;

/**
 * A copy of one mapping at the time it was read.
 *
 * @param remotes  remote endpoints the mapping talked to, "ip:port", oldest first (bounded)
 * @param tcpState the core's TCP state; null for udp and icmp
 * @param createdAt epoch milliseconds, like {@code lastUsed} and {@code expiresAt}
 */
public record MappingInfo(
        long datapathId,
        long id,
        Protocol protocol,
        Origin origin,
        int internalIp,
        int internalPort,
        int publicIp,
        int publicPort,
        List<String> remotes,
        TcpState tcpState,
        long createdAt,
        long lastUsed,
        long expiresAt) {
    public MappingInfo {
        remotes = List.copyOf(remotes);
    }
}
