package io.natflow.nat.service;

import io.natflow.nat.core.Protocol;

/**
 * Which mappings to list, and which page. Null filters mean "any".
 *
 * @param datapathId   one router, or null for all of them
 * @param internalPort only with {@code internalIp}
 * @param limit        1..{@link NatService#MAX_PAGE}
 */
public record MappingQuery(
        Long datapathId,
        Protocol protocol,
        Integer internalIp,
        Integer internalPort,
        Integer publicPort,
        int offset,
        int limit) {
    public MappingQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 1 || limit > NatService.MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + NatService.MAX_PAGE + ", got " + limit);
        }
    }

    /** Whether a mapping with these fields passes the filters (the router is checked by the caller). */
    public boolean matches(Protocol p, int internalIp, int internalPort, int publicPort) {
        return (protocol == null || protocol == p)
                && (this.internalIp == null || this.internalIp == internalIp)
                && (this.internalPort == null || this.internalPort == internalPort)
                && (this.publicPort == null || this.publicPort == publicPort);
    }
}
