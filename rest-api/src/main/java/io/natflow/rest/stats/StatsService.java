package io.natflow.rest.stats;

/** What the stats resource needs. */
public interface StatsService {
    StatsView stats();
}
