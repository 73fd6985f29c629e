package io.natflow.rest.rules;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One rule as {@code GET /api/rules} shows it: its place in the list (0 = first), the rule, and
 * its counters.
 *
 * @param packets packets its flows in the switch matched
 * @param bytes   bytes of those packets
 * @param decided packets the controller decided by it (for masquerade: each new session's first packet)
 */
public record RuleView(int position, @JsonUnwrapped RuleBody rule, long packets, long bytes, long decided) {}
