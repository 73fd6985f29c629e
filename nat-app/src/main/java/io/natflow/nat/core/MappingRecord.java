package io.natflow.nat.core;

import java.util.List;

/**
 * Immutable description of a mapping: what REST shows, and what the OpenFlow layer reads back
 * from the switch to {@link Nat#restore rebuild} the table after a restart.
 *
 * @param id             the mapping id (flow cookie)
 * @param protocol       protocol
 * @param internal       internal endpoint
 * @param publicEndpoint public endpoint
 * @param remotes        remote endpoints contacted (may be empty)
 * @param createdAt      creation time, millis
 * @param lastUsed       last refresh, millis
 * @param tcpState       TCP state ({@link TcpState#NONE} for UDP/ICMP)
 */
public record MappingRecord(
        long id,
        Protocol protocol,
        Endpoint internal,
        Endpoint publicEndpoint,
        List<Endpoint> remotes,
        long createdAt,
        long lastUsed,
        TcpState tcpState) {
    public MappingRecord {
        remotes = List.copyOf(remotes);
        if (protocol == null || internal == null || publicEndpoint == null || tcpState == null) {
            throw new IllegalArgumentException("protocol, endpoints and state are required");
        }
    }
}
