package io.natflow.nat.openflow;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.service.EventCounts;
import io.natflow.nat.service.FlowCounters;
import io.natflow.nat.service.MappingInfo;
import io.natflow.nat.service.MappingPage;
import io.natflow.nat.service.MappingQuery;
import io.natflow.nat.service.NatService;
import io.natflow.nat.service.PortPoolUsage;
import io.natflow.nat.service.RouterSettings;
import io.natflow.nat.service.RouterStatus;
import io.natflow.nat.service.UnknownRouterException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@link NatService} over the routers' event loops: each call is a task on the router's loop
 * that copies what it reads into records; the flow-stats read waits on the switch off the loop.
 */
final class LoopNatService implements NatService {
    private final Map<Long, RouterHost> hosts;
    private final List<NatCounters> counters;
    private final LongSupplier clock;
    private final Duration requestTimeout;
    private final List<Long> ids;
    private final MappingListings listings;

    LoopNatService(
            Map<Long, RouterHost> hosts, List<NatCounters> counters, LongSupplier clock, Duration requestTimeout) {
        this.hosts = hosts;
        this.counters = List.copyOf(counters);
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.ids = List.copyOf(hosts.keySet()); // hosts is ordered by unsigned datapath id
        this.listings = new MappingListings(hosts, clock);
    }

    @Override
    public List<Long> routerIds() {
        return ids;
    }

    @Override
    public Optional<RouterSettings> settings(long datapathId) {
        return Optional.ofNullable(hosts.get(datapathId)).map(h -> {
            RouterConfig c = h.router().config();
            return new RouterSettings(
                    c.datapathId(),
                    c.lanNetwork(),
                    c.lanPrefixLength(),
                    c.routerLanIp(),
                    c.gatewayIp(),
                    c.nat(),
                    c.routes().lan().stream().map(Route::prefix).toList());
        });
    }

    @Override
    public boolean connected(long datapathId) {
        RouterHost h = hosts.get(datapathId);
        return h != null && h.connectedSwitch() != null;
    }

    @Override
    public CompletableFuture<RouterStatus> status(long datapathId) {
        return onRouter(datapathId, (h, router) -> {
            Map<String, RouterStatus.MeterReading> meters = new LinkedHashMap<>();
            router.meterReadings().forEach((label, r) -> meters.put(label, new RouterStatus.MeterReading(r[0], r[1])));
            Nat nat = router.core();
            return new RouterStatus(
                    datapathId,
                    String.format("%016x", datapathId),
                    h.connectedSwitch() != null,
                    router.gatewayResolved(),
                    nat.size(),
                    RouterQueries.byProtocol(nat),
                    router.sessionCount(),
                    nat.forwards().size(),
                    nat.quarantinedPorts(),
                    meters);
        });
    }

    @Override
    public CompletableFuture<PortPoolUsage> usage(long datapathId) {
        return onRouter(datapathId, (h, router) -> RouterQueries.usage(router.core(), clock.getAsLong()));
    }

    @Override
    public CompletableFuture<MappingPage> mappings(MappingQuery q) {
        return listings.list(q.datapathId() == null ? ids : List.of(q.datapathId()), q);
    }

    @Override
    public CompletableFuture<Optional<MappingInfo>> mapping(long datapathId, long mappingId) {
        return onRouter(
                datapathId, (h, router) -> router.core().lookup(mappingId).map(m -> RouterQueries.info(datapathId, m)));
    }

    @Override
    public CompletableFuture<Optional<FlowCounters>> flowCounters(long datapathId, long mappingId) {
        RouterHost h = host(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        OpenFlowSwitch sw = h.connectedSwitch();
        if (sw == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        RouterConfig config = h.router().config();
        return sw.multipart(MappingFlowStats.request(sw.factory(), mappingId))
                .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(replies ->
                        Optional.of(MappingFlowStats.sum(replies, mappingId, config::inLan, clock.getAsLong())))
                .exceptionally(e -> Optional.empty());
    }

    @Override
    public CompletableFuture<Optional<MappingInfo>> deleteMapping(long datapathId, long mappingId) {
        return change(datapathId, router -> {
            RouterChange<Optional<Mapping>> deleted = router.deleteMapping(mappingId, clock.getAsLong());
            return new RouterChange<>(deleted.result().map(m -> RouterQueries.info(datapathId, m)), deleted.messages());
        });
    }

    @Override
    public CompletableFuture<List<ForwardRule>> forwards(long datapathId) {
        return onRouter(datapathId, (h, router) -> List.copyOf(router.core().forwards()));
    }

    @Override
    public CompletableFuture<List<ForwardLease>> leases(long datapathId) {
        return onRouter(
                datapathId,
                (h, router) -> router.core().leases().stream()
                        .sorted(Comparator.comparingLong(ForwardLease::createdAt))
                        .toList());
    }

    @Override
    public CompletableFuture<ForwardResult> addForward(long datapathId, ForwardRule rule) {
        return change(datapathId, router -> router.addForward(rule, clock.getAsLong()));
    }

    @Override
    public CompletableFuture<ReplaceResult> replaceForward(long datapathId, ForwardRule old, ForwardRule replacement) {
        return change(datapathId, router -> router.replaceForward(old, replacement, clock.getAsLong()));
    }

    @Override
    public CompletableFuture<Boolean> removeForward(long datapathId, ForwardRule rule) {
        return change(datapathId, router -> router.removeForward(rule, clock.getAsLong()));
    }

    @Override
    public CompletableFuture<List<Integer>> forwardSessions(long datapathId, List<ForwardRule.PortForward> rules) {
        List<ForwardRule.PortForward> copy = List.copyOf(rules);
        return onRouter(
                datapathId,
                (h, router) -> copy.stream()
                        .map(rule -> RouterQueries.forwardSessions(router.core(), rule))
                        .toList());
    }

    @Override
    public CompletableFuture<Optional<MappingInfo>> mappingInTheWay(long datapathId, ForwardRule.PortForward rule) {
        return onRouter(
                datapathId,
                (h, router) -> RouterQueries.inTheWay(router.core(), rule)
                        .map((Mapping m) -> RouterQueries.info(datapathId, m)));
    }

    @Override
    public EventCounts events() {
        return counters.stream().map(NatCounters::snapshot).reduce(EventCounts.none(), EventCounts::plus);
    }

    private RouterHost host(long datapathId) {
        return hosts.get(datapathId);
    }

    /** A read on the router's loop. */
    private <T> CompletableFuture<T> onRouter(
            long datapathId, java.util.function.BiFunction<RouterHost, NatRouter, T> read) {
        RouterHost h = host(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        return h.loop().call(() -> read.apply(h, h.router()));
    }

    /** A change on the router's loop; its messages go to the switch if connected. */
    private <T> CompletableFuture<T> change(long datapathId, Function<NatRouter, RouterChange<T>> change) {
        RouterHost h = host(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        return h.submitChange(() -> change.apply(h.router()));
    }
}
