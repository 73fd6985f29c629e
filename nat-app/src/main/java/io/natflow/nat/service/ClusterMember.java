package io.natflow.nat.service;

/**
 * A live natflow instance: its id, where its REST application answers (null if unknown) and since
 * when it is up (epoch milliseconds).
 */
public record ClusterMember(String id, String restUrl, long sinceMillis) {}
