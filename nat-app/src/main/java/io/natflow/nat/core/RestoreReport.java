package io.natflow.nat.core;

import java.util.List;

/**
 * Outcome of {@link Nat#restore}: what was restored, and every record that was not, with why.
 * Restored mappings whose timer already ran out are returned by the next {@link Nat#expire}.
 */
public record RestoreReport(List<Mapping> restored, List<Problem> problems) {
    public RestoreReport {
        restored = List.copyOf(restored);
        problems = List.copyOf(problems);
    }

    /** One rejected record. */
    public record Problem(MappingRecord record, RestoreError error) {}
}
