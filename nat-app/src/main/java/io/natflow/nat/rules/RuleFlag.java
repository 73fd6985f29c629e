package io.natflow.nat.rules;

/** Flags a rule carries. */
public enum RuleFlag {
    /** The rule stays in the list (with its number and counters) but matches nothing. */
    DISABLED
}
