package io.natflow.nat.service;

/** Who masters a datapath, with which generation id, since when (epoch milliseconds). */
public record MasterClaim(String instanceId, long generationId, long sinceMillis) {}
