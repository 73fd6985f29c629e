package io.natflow.rest.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One rule as {@code GET /api/rules} shows it: its place in the list (0 = first), the rule, and
 * its counters.
 *
 * @param packets        packets its flows in the switch matched (0 for dnat rules: their sessions' flows are the NAT's)
 * @param bytes          bytes of those packets
 * @param decided        packets the controller decided by it (for masquerade: each new session's first packet)
 * @param forward        dnat rules: the forward's id in {@code /api/forwards}
 * @param source         dnat rules: {@code api} (changeable), {@code config} (natflow.yml, read-only), {@code pcp}
 *                       or {@code natpmp} (leased by a host, read-only, no number)
 * @param activeSessions dnat rules: the live sessions the forward opened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(
        int position,
        @JsonUnwrapped RuleBody rule,
        long packets,
        long bytes,
        long decided,
        String forward,
        String source,
        Integer activeSessions) {

    /** A rule of the ordered list. */
    public RuleView(int position, RuleBody rule, long packets, long bytes, long decided) {
        this(position, rule, packets, bytes, decided, null, null, null);
    }
}
