package io.natflow.rest.forwards;

import java.time.Instant;

/**
 * A port forward as the REST API shows it: {@code protocol publicAddress:publicPort..publicPortEnd
 * -> internalAddress:internalPort..internalPortEnd}.
 *
 * @param id             "1", "2", ... for forwards added over the API; "config-1", ... for natflow.yml's
 * @param source         {@code api} (stored, changeable), {@code config} (natflow.yml, read-only), or
 *                       {@code pcp} / {@code natpmp} (leased by its internal host; only it renews or deletes it)
 * @param createdAt      when it was added over the API or leased; null for config forwards
 * @param activeSessions live mappings (sessions) the forward has opened
 * @param expiresAt      when a leased forward ends unless its host renews it; null for the others
 * @param rule           its number as a {@code dnat} rule in {@code /api/rules}; null for leased forwards
 */
public record ForwardView(
        String id,
        String datapathId,
        String protocol,
        String publicAddress,
        int publicPort,
        int publicPortEnd,
        String internalAddress,
        int internalPort,
        int internalPortEnd,
        int count,
        String description,
        String source,
        Instant createdAt,
        int activeSessions,
        Instant expiresAt,
        Integer rule) {}
