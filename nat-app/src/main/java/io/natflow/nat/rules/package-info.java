/**
 * NAT rules as an ordered list (issue 14): a sealed {@link io.natflow.nat.rules.NatRule} per kind
 * (masquerade, static 1:1, destination NAT, virtual server, skip, drop), each with a unique number, a
 * {@link io.natflow.nat.rules.RuleMatch}, flags and a description; a
 * {@link io.natflow.nat.rules.RuleList} that keeps them in the user's order, edits them
 * (insert, replace, delete, move) and validates every edit into a typed
 * {@link io.natflow.nat.rules.RuleError}. First match wins. Virtual servers' live state is here
 * too: {@link io.natflow.nat.rules.ServerChooser} picks a server for a new connection and
 * {@link io.natflow.nat.rules.VirtualServerSessions} keeps which client went to which server.
 *
 * <p>Pure like the core: the JDK and the core's values only, no clock (ArchUnit:
 * RulesArchitectureTest). The OpenFlow glue compiles a list into flows and asks it for the rule
 * of a new session.
 */
package io.natflow.nat.rules;
