package io.natflow.nat.service;

/**
 * The mastership glue's counters: ROLE_REQUEST(MASTER)s sent, granted, refused as stale (a newer
 * master exists), refused otherwise or failed (timeout, disconnect); demotions the switch told us
 * of (OFPBRC_IS_SLAVE); masterships gained and lost; switch events ignored because this instance
 * does not master their switch.
 */
public record MastershipCounts(
        long roleRequestsSent,
        long roleRequestsGranted,
        long roleRequestsStale,
        long roleRequestsRefused,
        long demotions,
        long mastershipsGained,
        long mastershipsLost,
        long eventsIgnoredNotMaster) {}
