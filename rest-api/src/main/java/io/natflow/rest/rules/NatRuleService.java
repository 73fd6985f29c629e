package io.natflow.rest.rules;

import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.RuleError;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.service.RuleListing;
import io.natflow.nat.service.RuleService;
import io.natflow.nat.service.VirtualServerListing;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.RouterDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules API over {@link RuleService} and the store. Writes are serialised here; each edit is
 * checked by the router (a refused one changes nothing), then the router's whole list is stored;
 * a failed store write puts the old list back.
 */
public final class NatRuleService {
    private final RouterDirectory routers;
    private final RuleService rules;
    private final JsonFileRuleStore store;

    public NatRuleService(RouterDirectory routers, RuleService rules, JsonFileRuleStore store) {
        this.routers = routers;
        this.rules = rules;
        this.store = store;
    }

    /**
     * Gives each router its stored list (before any switch connects).
     *
     * @return how many routers had a stored list
     * @throws IllegalStateException naming the store, the router and the rule if a list cannot be used
     */
    public synchronized int restore() {
        StoredRules stored = store.load();
        for (Map.Entry<String, List<RuleBody>> e : stored.routers().entrySet()) {
            RouterDirectory.Router r = routers.require(e.getKey(), message -> ApiException.notFound(message));
            List<NatRule> list = new ArrayList<>();
            for (RuleBody b : e.getValue()) {
                try {
                    list.add(RuleCodec.rule(b, 0));
                } catch (IllegalArgumentException ex) {
                    throw store.corrupt("router " + e.getKey() + ": " + ex.getMessage());
                }
            }
            if (Await.result(rules.set(r.datapathId(), RuleList.of(list))) instanceof RuleList.Refused refused) {
                throw store.corrupt(
                        "router " + e.getKey() + ": " + refused.error().message());
            }
        }
        return stored.routers().size();
    }

    public RuleListView list(String switchId) {
        RouterDirectory.Router r = router(switchId);
        RuleListing listing = Await.result(rules.list(r.datapathId()));
        List<RuleView> views = new ArrayList<>();
        for (int i = 0; i < listing.rules().size(); i++) {
            RuleListing.Entry e = listing.rules().get(i);
            views.add(new RuleView(i, RuleCodec.body(e.rule()), e.packets(), e.bytes(), e.decided()));
        }
        return new RuleListView(r.switchId(), listing.fromSwitch(), views);
    }

    public RuleView get(String switchId, int number) {
        return list(switchId).rules().stream()
                .filter(v -> v.rule().number() == number)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no rule " + number));
    }

    /** Most sessions one listing shows. */
    public static final int MAX_SESSIONS_LISTED = 10_000;

    /** A virtual server rule's servers and sessions (at most {@code limit}); 404 if rule {@code number} is not one. */
    public VirtualServerView sessions(String switchId, int number, Integer limit) {
        RouterDirectory.Router r = router(switchId);
        int max = limit == null ? 1000 : limit;
        if (max < 0 || max > MAX_SESSIONS_LISTED) {
            throw ApiException.badRequest("limit must be 0-" + MAX_SESSIONS_LISTED + ", got " + max);
        }
        RuleList list = Await.result(rules.rules(r.datapathId()));
        NatRule rule = list.get(number).orElseThrow(() -> ApiException.notFound("no rule " + number));
        VirtualServerListing l = Await.result(rules.virtualServer(r.datapathId(), number, max))
                .orElseThrow(() -> ApiException.notFound(
                        "rule " + number + " is a " + rule.kind() + " rule, not a virtual server: it has no sessions"));
        return new VirtualServerView(
                r.switchId(),
                RuleCodec.body(rule),
                l.live(),
                l.tableSize(),
                l.capacity(),
                l.refused(),
                l.fromSwitch(),
                l.servers(),
                l.sessions());
    }

    public synchronized RuleView insert(String switchId, RuleBody body, Integer position, Integer before) {
        RouterDirectory.Router r = router(switchId);
        RuleList old = Await.result(rules.rules(r.datapathId()));
        NatRule rule = parse(body, old.nextNumber());
        apply(r, old, rules.insert(r.datapathId(), rule, position(position, before)));
        return get(r.switchId(), rule.number());
    }

    public synchronized RuleView replace(String switchId, int number, RuleBody body) {
        RouterDirectory.Router r = router(switchId);
        RuleList old = Await.result(rules.rules(r.datapathId()));
        NatRule rule = parse(body, number);
        apply(r, old, rules.replace(r.datapathId(), number, rule));
        return get(r.switchId(), rule.number());
    }

    public synchronized RuleView delete(String switchId, int number) {
        RouterDirectory.Router r = router(switchId);
        RuleView gone = get(r.switchId(), number);
        RuleList old = Await.result(rules.rules(r.datapathId()));
        apply(r, old, rules.delete(r.datapathId(), number));
        return gone;
    }

    public synchronized RuleView move(String switchId, int number, Integer position, Integer before) {
        RouterDirectory.Router r = router(switchId);
        RuleList old = Await.result(rules.rules(r.datapathId()));
        apply(r, old, rules.move(r.datapathId(), number, position(position, before)));
        return get(r.switchId(), number);
    }

    private void apply(
            RouterDirectory.Router r, RuleList old, java.util.concurrent.CompletableFuture<RuleList.Edit> edit) {
        RuleList.Edit e = Await.result(edit);
        if (e instanceof RuleList.Refused refused) {
            throw error(refused.error());
        }
        try {
            save(r, ((RuleList.Changed) e).list());
        } catch (IOException | RuntimeException ex) {
            Await.result(rules.set(r.datapathId(), old));
            throw ApiException.internal(
                    "the rule store " + store.location() + " could not be written (" + ex + "); nothing changed");
        }
    }

    private void save(RouterDirectory.Router changed, RuleList list) throws IOException {
        StoredRules stored = store.load();
        Map<String, List<RuleBody>> routersMap = new LinkedHashMap<>(stored.routers());
        routersMap.put(
                changed.switchId(), list.rules().stream().map(RuleCodec::body).toList());
        store.save(new StoredRules(StoredRules.VERSION, routersMap));
    }

    private static NatRule parse(RuleBody body, int number) {
        try {
            return RuleCodec.rule(body, number);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static RuleList.Position position(Integer position, Integer before) {
        if (position != null && before != null) {
            throw ApiException.badRequest("give position or before, not both");
        }
        if (position != null) {
            return new RuleList.At(position);
        }
        return before != null ? new RuleList.Before(before) : new RuleList.End();
    }

    private static ApiException error(RuleError e) {
        if (e.kind() == RuleError.Kind.NO_SUCH_RULE) {
            return ApiException.notFound(e.message());
        }
        return e.kind().conflict() ? ApiException.conflict(e.message()) : ApiException.invalid(e.message());
    }

    private RouterDirectory.Router router(String switchId) {
        return routers.require(
                switchId,
                message -> message.contains("not a datapath id")
                        ? ApiException.badRequest(message)
                        : ApiException.notFound(message));
    }
}
