package io.natflow.nat.openflow;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.service.RuleListing;
import io.natflow.nat.service.RuleService;
import io.natflow.nat.service.UnknownRouterException;
import io.natflow.nat.service.VirtualServerListing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** {@link RuleService} over the routers' loops; the counters' flow-stats read waits on the switch off the loop. */
final class LoopRuleService implements RuleService {
    private final Map<Long, RouterHost> hosts;
    private final Duration requestTimeout;

    LoopRuleService(Map<Long, RouterHost> hosts, Duration requestTimeout) {
        this.hosts = hosts;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public CompletableFuture<RuleListing> list(long datapathId) {
        RouterHost h = hosts.get(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        record Snapshot(RuleList list, Map<Integer, Long> decided) {}
        CompletableFuture<Snapshot> snapshot = h.loop()
                .call(() -> new Snapshot(
                        h.router().rules().list(), h.router().rules().decided()));
        OpenFlowSwitch sw = h.connectedSwitch();
        CompletableFuture<Map<Integer, long[]>> counters = sw == null
                ? CompletableFuture.completedFuture(null)
                : sw.multipart(RouterRules.statsRequest(sw.factory()))
                        .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply(RouterRules::sum)
                        .exceptionally(e -> null);
        return snapshot.thenCombine(counters, (s, c) -> {
            List<RuleListing.Entry> entries = new ArrayList<>();
            for (NatRule r : s.list().rules()) {
                long[] pc = c == null ? null : c.get(r.number());
                entries.add(new RuleListing.Entry(
                        r,
                        pc == null ? 0 : pc[0],
                        pc == null ? 0 : pc[1],
                        s.decided().getOrDefault(r.number(), 0L)));
            }
            return new RuleListing(datapathId, entries, c != null);
        });
    }

    @Override
    public CompletableFuture<Optional<VirtualServerListing>> virtualServer(long datapathId, int number, int limit) {
        RouterHost h = hosts.get(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        OpenFlowSwitch sw = h.connectedSwitch();
        CompletableFuture<Map<Long, long[]>> counters = sw == null
                ? CompletableFuture.completedFuture(null)
                : sw.multipart(VirtualServers.statsRequest(sw.factory()))
                        .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply(VirtualServers::sum)
                        .exceptionally(e -> null);
        // the table is read after the counters, on the loop, so a session the stats name is still known or ended
        return counters.thenCompose(c -> h.loop()
                .call(() -> VirtualServerViews.listing(
                        datapathId,
                        h.router().rules().list(),
                        h.router().vservers().table(),
                        number,
                        limit,
                        c)));
    }

    @Override
    public CompletableFuture<RuleList> rules(long datapathId) {
        RouterHost h = hosts.get(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        return h.loop().call(() -> h.router().rules().list());
    }

    @Override
    public CompletableFuture<RuleList.Edit> insert(long datapathId, NatRule rule, RuleList.Position position) {
        return edit(datapathId, (r, list) -> list.insert(rule, position, r.context()));
    }

    @Override
    public CompletableFuture<RuleList.Edit> replace(long datapathId, int number, NatRule replacement) {
        return edit(datapathId, (r, list) -> list.replace(number, replacement, r.context()));
    }

    @Override
    public CompletableFuture<RuleList.Edit> delete(long datapathId, int number) {
        return edit(datapathId, (r, list) -> list.delete(number, r.context()));
    }

    @Override
    public CompletableFuture<RuleList.Edit> move(long datapathId, int number, RuleList.Position position) {
        return edit(datapathId, (r, list) -> list.move(number, position, r.context()));
    }

    @Override
    public CompletableFuture<RuleList.Edit> set(long datapathId, RuleList list) {
        RouterHost h = hosts.get(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        return h.submitChange(() -> h.router().rules().set(list));
    }

    private CompletableFuture<RuleList.Edit> edit(
            long datapathId, java.util.function.BiFunction<RouterRules, RuleList, RuleList.Edit> edit) {
        RouterHost h = hosts.get(datapathId);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(datapathId));
        }
        return h.submitChange(() -> {
            RouterRules rules = h.router().rules();
            Function<RuleList, RuleList.Edit> f = list -> edit.apply(rules, list);
            return rules.edit(f);
        });
    }
}
