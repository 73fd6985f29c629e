package io.natflow.rest.rules;

import java.util.List;

/**
 * A router's rules in order.
 *
 * @param countersFromSwitch false if the switch is not connected or did not answer: packets and bytes are 0 then
 */
public record RuleListView(String datapathId, boolean countersFromSwitch, List<RuleView> rules) {}
