package io.natflow.nat.service;

import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.ReplaceResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The NAT routers as their users see them. Every future may fail with {@link RouterBusyException}
 * (the router's event loop did not take the task) or {@link UnknownRouterException}.
 * Calls for one router run in order on its event loop; none blocks it.
 */
public interface NatService {
    /** Most mappings one listing call returns. */
    int MAX_PAGE = 1000;

    /** The configured routers' datapath ids, ascending; fixed for the life of the process. */
    List<Long> routerIds();

    /** A router's settings as configured; empty for an unknown datapath id. */
    Optional<RouterSettings> settings(long datapathId);

    /** Whether the router's switch is connected now. */
    boolean connected(long datapathId);

    /** Connection, gateway, sizes and meter readings of one router. */
    CompletableFuture<RouterStatus> status(long datapathId);

    /** The port use per public address and protocol of one router (the port-pool accounting). */
    CompletableFuture<PortPoolUsage> usage(long datapathId);

    /**
     * Mappings that match {@code query}, ordered by datapath id then mapping id, one page of at
     * most {@link #MAX_PAGE}. Each router is scanned by one task on its loop (ids only); the page's
     * details are read by a second task, so a mapping gone in between is left out of the page.
     */
    CompletableFuture<MappingPage> mappings(MappingQuery query);

    /** One mapping; empty if the router has none with this id. */
    CompletableFuture<Optional<MappingInfo>> mapping(long datapathId, long mappingId);

    /**
     * The mapping's flow counters read from the switch now (its NAT-table flows, summed per
     * direction); empty if the switch is not connected or does not answer in time.
     */
    CompletableFuture<Optional<FlowCounters>> flowCounters(long datapathId, long mappingId);

    /** Deletes a mapping and its flows; the mapping as it was, or empty if there was none. */
    CompletableFuture<Optional<MappingInfo>> deleteMapping(long datapathId, long mappingId);

    /** The forwards the router's NAT holds, in the order added. */
    CompletableFuture<List<ForwardRule>> forwards(long datapathId);

    /** The forwards hosts leased through PCP or NAT-PMP, oldest first. */
    CompletableFuture<List<ForwardLease>> leases(long datapathId);

    /** Adds a forward; it takes effect with the next inbound packet. */
    CompletableFuture<ForwardResult> addForward(long datapathId, ForwardRule rule);

    /** Replaces {@code old} by {@code replacement} in one step (they may share ports and endpoints). */
    CompletableFuture<ReplaceResult> replaceForward(long datapathId, ForwardRule old, ForwardRule replacement);

    /** Removes a forward and the flows of its sessions; false if the router had no such forward. */
    CompletableFuture<Boolean> removeForward(long datapathId, ForwardRule rule);

    /** Live sessions of each forward given (mappings of origin forward on its public ports), in order. */
    CompletableFuture<List<Integer>> forwardSessions(long datapathId, List<ForwardRule.PortForward> rules);

    /**
     * The first live mapping (not a forward's session) on one of the rule's public ports or
     * internal endpoints: what keeps the rule out.
     */
    CompletableFuture<Optional<MappingInfo>> mappingInTheWay(long datapathId, ForwardRule.PortForward rule);

    /** The routers' event counts and rates, summed (each router's meters, read now; not a loop task). */
    EventCounts events();
}
