package io.natflow.rest.rules;

import io.natflow.nat.service.VirtualServerListing;
import java.util.List;

/**
 * {@code GET /api/rules/{number}/sessions}: a virtual server rule's servers with their counters
 * and the table of which client went to which server.
 *
 * @param live               this rule's sessions now ({@code sessions} holds at most {@code limit} of them, oldest first)
 * @param tableSize          sessions of every virtual server of the router
 * @param capacity           the most sessions the router holds; connections beyond it are refused
 * @param refused            connections refused because the table was full
 * @param countersFromSwitch false if the switch did not answer: live sessions' packets and bytes are 0 then
 */
public record VirtualServerView(
        String datapathId,
        RuleBody rule,
        int live,
        int tableSize,
        int capacity,
        long refused,
        boolean countersFromSwitch,
        List<VirtualServerListing.Server> servers,
        List<VirtualServerListing.Session> sessions) {}
