package io.natflow.nat.service;

import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.RuleList;
import java.util.concurrent.CompletableFuture;

/**
 * The routers' ordered NAT rules (issue 14). Each edit is a task on the router's loop: it is
 * validated against the router, and either changes the list and the switch's rule flows at
 * once ({@link RuleList.Changed}) or changes nothing ({@link RuleList.Refused} with the typed
 * error). Futures fail as {@link NatService}'s do.
 */
public interface RuleService {

    /** The list in order; counters read from the switch now (zero, and {@code fromSwitch} false, if not connected). */
    CompletableFuture<RuleListing> list(long datapathId);

    /** The list in order, no counters. */
    CompletableFuture<RuleList> rules(long datapathId);

    CompletableFuture<RuleList.Edit> insert(long datapathId, NatRule rule, RuleList.Position position);

    CompletableFuture<RuleList.Edit> replace(long datapathId, int number, NatRule replacement);

    CompletableFuture<RuleList.Edit> delete(long datapathId, int number);

    CompletableFuture<RuleList.Edit> move(long datapathId, int number, RuleList.Position position);

    /**
     * Virtual server rule {@code number}'s servers and sessions (at most {@code limit}), with
     * packet and byte counts read from the switch now; empty if the rule is not a virtual server.
     */
    CompletableFuture<java.util.Optional<VirtualServerListing>> virtualServer(long datapathId, int number, int limit);

    /** Replaces the whole list (a stored one at startup, or an undo), validated. */
    CompletableFuture<RuleList.Edit> set(long datapathId, RuleList list);
}
