package io.natflow.nat.core;

/** Result of {@link Nat#addForward}: added, or a typed conflict with nothing changed. */
public sealed interface ForwardResult permits ForwardResult.Added, ForwardResult.Conflict {

    record Added(ForwardRule rule) implements ForwardResult {}

    record Conflict(ForwardRule rule, ForwardConflict reason) implements ForwardResult {}
}
