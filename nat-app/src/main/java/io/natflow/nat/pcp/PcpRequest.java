package io.natflow.nat.pcp;

/**
 * A decoded PCP request (RFC 6887 §7.1, §11.1, §12.1). IPv4 addresses as ints; a field that held
 * an address that is not IPv4-mapped ({@code ::ffff:a.b.c.d}) is flagged.
 *
 * @param clientIp          the PCP client IP address field
 * @param clientIsIpv4      whether that field was IPv4-mapped
 * @param protocol          IANA protocol number (6 TCP, 17 UDP, 0 all); MAP and PEER only
 * @param suggestedIp       the suggested external address; 0 if none or not IPv4
 * @param remoteIp          PEER: the remote peer; 0 otherwise
 * @param remoteIsIpv4      PEER: whether the remote peer field was IPv4-mapped
 * @param thirdParty        a THIRD_PARTY option was present (this server does not act for others)
 * @param preferFailure     a PREFER_FAILURE option was present: the suggested port or nothing
 */
record PcpRequest(
        PcpOpcode opcode,
        long lifetime,
        int clientIp,
        boolean clientIsIpv4,
        Nonce nonce,
        int protocol,
        int internalPort,
        int suggestedPort,
        int suggestedIp,
        int remotePort,
        int remoteIp,
        boolean remoteIsIpv4,
        boolean thirdParty,
        boolean preferFailure) {}
