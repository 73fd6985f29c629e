package io.natflow.nat.service;

import io.natflow.nat.rules.NatRule;
import java.util.List;

/**
 * A router's rules in order with their counters.
 *
 * @param fromSwitch whether the flow counters were read from the switch (false: not connected or no answer in time)
 */
public record RuleListing(long datapathId, List<Entry> rules, boolean fromSwitch) {
    public RuleListing {
        rules = List.copyOf(rules);
    }

    /**
     * One rule and its counters.
     *
     * @param packets   packets its flows in the switch matched (static, skip, drop and masquerade rules have flows)
     * @param bytes     bytes of those packets
     * @param decided   packets the controller decided by this rule: for masquerade, each new session's first packet
     */
    public record Entry(NatRule rule, long packets, long bytes, long decided) {}
}
