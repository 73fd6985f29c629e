package io.natflow.nat.service;

/** Where requests about one switch's mappings go: this instance, its master elsewhere, or nowhere yet. */
public sealed interface SwitchRoute {
    /** This instance masters the switch (or runs alone): answer here. */
    record Local() implements SwitchRoute {}

    /** Another instance masters it: ask it at {@code restUrl}. */
    record Remote(String instanceId, String restUrl) implements SwitchRoute {}

    /** No master is known (an election is under way, or the coordination service is unreachable). */
    record Unavailable(String reason) implements SwitchRoute {}
}
