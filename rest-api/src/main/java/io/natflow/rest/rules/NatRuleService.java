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
import io.natflow.rest.forwards.ForwardService;
import io.natflow.rest.forwards.ForwardView;
import io.natflow.rest.forwards.NatForwardService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules API over {@link RuleService} and the store. Writes are serialised here; each edit is
 * checked by the router (a refused one changes nothing), then the router's whole list is stored;
 * a failed store write puts the old list back.
 *
 * <p>{@code dnat} rules are the router's port forwards ({@link DnatRules}): listed after the
 * ordered list (they take inbound packets to the router's public addresses, which the list does
 * not see, so they have no position), added, replaced and deleted through the forward service,
 * which checks and stores them as it does for {@code /api/forwards}. Rule numbers are unique
 * over both.
 */
public final class NatRuleService {
    private final RouterDirectory routers;
    private final RuleService rules;
    private final JsonFileRuleStore store;
    private final ForwardService forwards;

    public NatRuleService(
            RouterDirectory routers, RuleService rules, JsonFileRuleStore store, ForwardService forwards) {
        this.routers = routers;
        this.rules = rules;
        this.store = store;
        this.forwards = forwards;
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
        for (ForwardView f : forwards.list(r.switchId())) {
            views.add(DnatRules.view(views.size(), f));
        }
        return new RuleListView(r.switchId(), listing.fromSwitch(), views);
    }

    public RuleView get(String switchId, int number) {
        return list(switchId).rules().stream()
                .filter(v -> Integer.valueOf(number).equals(v.rule().number()))
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
        if (DnatRules.isDnat(body)) {
            if (position != null || before != null) {
                throw ApiException.invalid("a dnat rule (port forward) has no place in the ordered list: it takes"
                        + " inbound packets to the router's public addresses, which the list does not see;"
                        + " leave position and before out");
            }
            ForwardView added = forwards.add(DnatRules.request(body, r.switchId()), body.number());
            return get(r.switchId(), added.rule());
        }
        RuleList old = Await.result(rules.rules(r.datapathId()));
        Map<Integer, ForwardView> dnat = dnat(r);
        java.util.Set<Integer> taken = new java.util.HashSet<>(dnat.keySet());
        old.rules().forEach(x -> taken.add(x.number()));
        NatRule rule = parse(body, NatForwardService.nextFree(taken));
        notDnat(dnat, rule.number());
        apply(r, old, rules.insert(r.datapathId(), rule, position(position, before, dnat)));
        return get(r.switchId(), rule.number());
    }

    public synchronized RuleView replace(String switchId, int number, RuleBody body) {
        RouterDirectory.Router r = router(switchId);
        Map<Integer, ForwardView> dnat = dnat(r);
        ForwardView forward = dnat.get(number);
        if (forward != null) {
            if (!DnatRules.isDnat(body)) {
                throw ApiException.conflict("rule " + number + " is a dnat rule (forward " + forward.id()
                        + "): replace it by a dnat rule, or delete it and insert the new rule");
            }
            if (body.number() != null && body.number() != number) {
                throw ApiException.invalid("a dnat rule keeps its number: leave number out or say " + number);
            }
            forwards.update(forward.id(), DnatRules.request(body, r.switchId()));
            return get(r.switchId(), number);
        }
        if (DnatRules.isDnat(body)) {
            throw ApiException.invalid("rule " + number + " is in the ordered list; a dnat rule (port forward) is"
                    + " not: delete rule " + number + " and add the dnat rule");
        }
        RuleList old = Await.result(rules.rules(r.datapathId()));
        NatRule rule = parse(body, number);
        if (rule.number() != number) {
            notDnat(dnat, rule.number());
        }
        apply(r, old, rules.replace(r.datapathId(), number, rule));
        return get(r.switchId(), rule.number());
    }

    public synchronized RuleView delete(String switchId, int number) {
        RouterDirectory.Router r = router(switchId);
        RuleView gone = get(r.switchId(), number);
        if (gone.forward() != null) {
            forwards.delete(gone.forward());
            return gone;
        }
        RuleList old = Await.result(rules.rules(r.datapathId()));
        apply(r, old, rules.delete(r.datapathId(), number));
        return gone;
    }

    public synchronized RuleView move(String switchId, int number, Integer position, Integer before) {
        RouterDirectory.Router r = router(switchId);
        Map<Integer, ForwardView> dnat = dnat(r);
        if (dnat.containsKey(number)) {
            throw ApiException.invalid("rule " + number + " is a dnat rule (port forward): it has no place in the"
                    + " ordered list to move (it takes inbound packets to the router's public addresses, which"
                    + " the list does not see)");
        }
        RuleList old = Await.result(rules.rules(r.datapathId()));
        apply(r, old, rules.move(r.datapathId(), number, position(position, before, dnat)));
        return get(r.switchId(), number);
    }

    /** The router's numbered forwards (its dnat rules) by number. */
    private Map<Integer, ForwardView> dnat(RouterDirectory.Router r) {
        Map<Integer, ForwardView> out = new LinkedHashMap<>();
        for (ForwardView f : forwards.list(r.switchId())) {
            if (f.rule() != null) {
                out.put(f.rule(), f);
            }
        }
        return out;
    }

    private static void notDnat(Map<Integer, ForwardView> dnat, int number) {
        ForwardView f = dnat.get(number);
        if (f != null) {
            throw ApiException.conflict(
                    "rule " + number + " exists: it is a dnat rule (forward " + f.id() + " in /api/forwards)");
        }
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

    private static RuleList.Position position(Integer position, Integer before, Map<Integer, ForwardView> dnat) {
        if (before != null && dnat.containsKey(before)) {
            throw ApiException.invalid("rule " + before + " is a dnat rule (port forward), which has no place in the"
                    + " ordered list: give a rule of the list to go before, or a position");
        }
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
