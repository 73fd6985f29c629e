package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.rules.NatRule;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.RouterDirectory;
import io.natflow.rest.switches.DatapathIds;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards over the routers' cores and the store. Writes are serialised here; each one checks
 * everything first, then changes the core and the store so that on any error nothing changed:
 * add = core then store (a failed store write takes the rule out again); replace = one core swap
 * then store (a failed store write swaps back); delete = store then core.
 *
 * <p>Every forward is also a {@code dnat} rule of its router ({@code /api/rules}): it has a rule
 * number unique among the router's forwards and rule list, kept in the store, so the store is the
 * one place port forwards live.
 */
public final class NatForwardService implements ForwardService {
    private static final Logger LOG = LoggerFactory.getLogger(NatForwardService.class);
    /** Writes tried at most per request while other instances keep writing the shared store first. */
    static final int MAX_ATTEMPTS = 5;

    private final RouterDirectory routers;
    private final ForwardCore core;
    private final ForwardPersistence store;
    private final Clock clock;
    private final LongFunction<Set<Integer>> listNumbers;
    private final Map<String, ForwardEntry> entries = new LinkedHashMap<>();
    private long nextId = 1;
    private int configForwards;

    public NatForwardService(RouterDirectory routers, ForwardStore store, Clock clock) {
        this(routers, store, clock, datapathId -> Set.of());
    }

    /** @param listNumbers the numbers of a router's rule list, which dnat rule numbers must not take */
    public NatForwardService(
            RouterDirectory routers, ForwardStore store, Clock clock, LongFunction<Set<Integer>> listNumbers) {
        this.routers = routers;
        this.listNumbers = listNumbers;
        this.core = new ForwardCore(routers.nat());
        this.store = new ForwardPersistence(store, routers.nat()::settings);
        this.clock = clock;
    }

    /** Lists a natflow.yml forward (the router already holds it) as read-only forward "config-N". */
    public synchronized void addConfigForward(long datapathId, PortForward rule, String description) {
        addConfigForward(datapathId, rule, description, null);
    }

    /**
     * Lists a natflow.yml forward (the router already holds it) as read-only forward "config-N",
     * as dnat rule {@code number} (null: numbered by {@link #restore}).
     */
    public synchronized void addConfigForward(long datapathId, PortForward rule, String description, Integer number) {
        String id = "config-" + (++configForwards);
        entries.put(
                id,
                new ForwardEntry(
                        id,
                        datapathId,
                        rule,
                        blankToNull(description),
                        ForwardEntry.Source.CONFIG,
                        null,
                        number == null ? 0 : number));
    }

    /**
     * Loads the store and gives its forwards to the routers, so they hold them before any switch
     * connects (and again after every reconnect: the core keeps them).
     *
     * @return how many stored forwards were installed
     * @throws IllegalStateException naming the store and the forward if one cannot be installed
     */
    public synchronized int restore() {
        ForwardPersistence.Loaded loaded = store.load();
        for (ForwardEntry entry : loaded.entries()) {
            if (core.add(entry.datapathId(), entry.rule()) instanceof ForwardResult.Conflict c) {
                throw new IllegalStateException("forward store " + store.location() + ": " + entry.describe()
                        + " cannot be installed: "
                        + ForwardConflicts.explain(
                                        c.reason(),
                                        entry.rule(),
                                        onRouter(entry.datapathId()),
                                        routers.nat(),
                                        router(entry))
                                .getMessage()
                        + ". Remove it from the store or from natflow.yml");
            }
            entries.put(entry.id(), entry);
        }
        nextId = loaded.nextId();
        number();
        return loaded.entries().size();
    }

    /**
     * Gives every forward without a rule number (natflow.yml's, a store written before numbers)
     * or with one its router already uses (natflow.yml wins over the store, an earlier forward
     * over a later one) the router's next free number. A renumbered stored forward keeps its new
     * number in the store from the next write on.
     */
    private void number() {
        Map<Long, Set<Integer>> taken = new java.util.HashMap<>();
        List<ForwardEntry> unnumbered = new ArrayList<>();
        for (ForwardEntry e : entries.values()) {
            Set<Integer> router = taken.computeIfAbsent(e.datapathId(), d -> new HashSet<>(listNumbers.apply(d)));
            if (e.number() == 0) {
                unnumbered.add(e);
            } else if (!router.add(e.number())) {
                LOG.warn("{} had rule number {}, which its router uses already: renumbered", e.describe(), e.number());
                unnumbered.add(e);
            }
        }
        for (ForwardEntry e : unnumbered) {
            Set<Integer> router = taken.get(e.datapathId());
            int n = nextFree(router);
            if (n == 0) {
                throw new IllegalStateException("no free rule number left for " + e.describe());
            }
            router.add(n);
            entries.put(e.id(), e.numbered(n));
        }
    }

    /** The next multiple of ten above every number taken, or the highest free one; 0 if none is free. */
    public static int nextFree(Set<Integer> taken) {
        int max = 0;
        for (int n : taken) {
            max = Math.max(max, n);
        }
        if ((max / 10 + 1) * 10 <= NatRule.MAX_NUMBER) {
            return (max / 10 + 1) * 10;
        }
        for (int n = NatRule.MAX_NUMBER; n >= 1; n--) {
            if (!taken.contains(n)) {
                return n;
            }
        }
        return 0;
    }

    /** The dnat rule numbers of a router's forwards (leased forwards have none). */
    public synchronized Set<Integer> ruleNumbers(long datapathId) {
        Set<Integer> out = new HashSet<>();
        onRouter(datapathId).forEach(e -> out.add(e.number()));
        return out;
    }

    /** The number {@code wanted} (null: the next free one) for a new forward, or a 409 naming its holder. */
    private int newNumber(long datapathId, Integer wanted) {
        Set<Integer> list = listNumbers.apply(datapathId);
        Set<Integer> taken = new HashSet<>(list);
        taken.addAll(ruleNumbers(datapathId));
        if (wanted == null) {
            int n = nextFree(taken);
            if (n == 0) {
                throw ApiException.conflict("every rule number of this router is in use");
            }
            return n;
        }
        if (wanted < 1 || wanted > NatRule.MAX_NUMBER) {
            throw ApiException.invalid("number must be 1-" + NatRule.MAX_NUMBER + ", got " + wanted);
        }
        if (list.contains(wanted)) {
            throw ApiException.conflict("rule " + wanted + " exists (in the rule list)");
        }
        for (ForwardEntry e : onRouter(datapathId)) {
            if (e.number() == wanted) {
                throw ApiException.conflict("rule " + wanted + " exists: it is " + e.describe());
            }
        }
        return wanted;
    }

    @Override
    public synchronized List<ForwardView> list(String switchId) {
        List<ForwardView> out = new ArrayList<>();
        for (RouterDirectory.Router r : routers.select(switchId)) {
            out.addAll(ForwardViews.of(routers.nat(), r, onRouter(r.datapathId())));
            out.addAll(ForwardViews.leases(routers.nat(), r));
        }
        return out;
    }

    @Override
    public synchronized ForwardView get(String id) {
        ForwardEntry e = require(id);
        return ForwardViews.of(routers.nat(), router(e), e);
    }

    @Override
    public synchronized ForwardView add(ForwardRequest request, Integer ruleNumber) {
        return retrying(() -> addOnce(request, ruleNumber));
    }

    private ForwardView addOnce(ForwardRequest request, Integer ruleNumber) {
        RouterDirectory.Router r = routers.require(request.datapathId(), ApiException::invalid);
        PortForward rule = ForwardRules.build(request, r.settings());
        int number = newNumber(r.datapathId(), ruleNumber);
        if (core.add(r.datapathId(), rule) instanceof ForwardResult.Conflict c) {
            throw ForwardConflicts.explain(c.reason(), rule, onRouter(r.datapathId()), routers.nat(), r);
        }
        ForwardEntry entry = new ForwardEntry(
                String.valueOf(nextId),
                r.datapathId(),
                rule,
                blankToNull(request.description()),
                ForwardEntry.Source.API,
                clock.instant(),
                number);
        try {
            store.save(with(entry), nextId + 1);
        } catch (IOException e) {
            core.remove(r.datapathId(), rule);
            throw store.failed(e);
        }
        entries.put(entry.id(), entry);
        nextId++;
        return ForwardViews.of(routers.nat(), r, entry);
    }

    @Override
    public synchronized ForwardView update(String id, ForwardRequest request) {
        return retrying(() -> updateOnce(id, request));
    }

    private ForwardView updateOnce(String id, ForwardRequest request) {
        ForwardEntry old = requireWritable(id);
        RouterDirectory.Router r = routers.require(
                request.datapathId() == null || request.datapathId().isBlank()
                        ? DatapathIds.format(old.datapathId())
                        : request.datapathId(),
                ApiException::invalid);
        if (r.datapathId() != old.datapathId()) {
            throw ApiException.invalid("forward " + id + " belongs to switch " + DatapathIds.format(old.datapathId())
                    + "; to move it, delete it and add a new one");
        }
        PortForward rule = ForwardRules.build(request, r.settings());
        ForwardEntry updated = old.withRule(rule, blankToNull(request.description()));
        if (rule.equals(old.rule())) {
            save(with(updated));
        } else {
            replaceInCore(r, old, updated);
        }
        entries.put(id, updated);
        return ForwardViews.of(routers.nat(), r, updated);
    }

    /**
     * Swaps the rule in the core in one step (it may share ports and endpoints with the old one),
     * then stores it. A failed store write swaps the old rule back. The core refuses that only if
     * ports the new rule gave up are in quarantine (or, without quarantine, were taken meanwhile);
     * then the entry follows the core, so the next successful write stores it, and the error says so.
     */
    private void replaceInCore(RouterDirectory.Router r, ForwardEntry old, ForwardEntry updated) {
        PortForward rule = updated.rule();
        ReplaceResult result = core.replace(r.datapathId(), old.rule(), rule);
        if (result instanceof ReplaceResult.Conflict c) {
            throw ForwardConflicts.explain(
                    c.reason(),
                    rule,
                    onRouter(r.datapathId()).stream()
                            .filter(e -> !e.id().equals(old.id()))
                            .toList(),
                    routers.nat(),
                    r);
        }
        if (result instanceof ReplaceResult.Unknown) {
            throw ApiException.internal(old.describe() + " is not in the NAT core; nothing changed");
        }
        try {
            store.save(with(updated), nextId);
        } catch (IOException e) {
            if (core.replace(r.datapathId(), rule, old.rule()) instanceof ReplaceResult.Conflict c) {
                entries.put(updated.id(), updated);
                throw ApiException.internal("could not write the forward store " + store.location() + " (" + e
                        + ") and the NAT cannot take back " + old.describe() + " ("
                        + ForwardConflicts.words(c.reason()) + "): it runs "
                        + updated.describe() + ", which the store will hold after its next successful write");
            }
            throw store.failed(e);
        }
    }

    @Override
    public synchronized ForwardView delete(String id) {
        return retrying(() -> deleteOnce(id));
    }

    /**
     * Runs a write. A shared store (several instances) is read again first ({@link #resync}),
     * under its writer lock, so the write starts from what every instance wrote. Should another
     * writer still come first (the store's compare-and-set fails), nothing changed: read again
     * and run the write again, at most {@link #MAX_ATTEMPTS} times.
     */
    private ForwardView retrying(Supplier<ForwardView> write) {
        ForwardStore shared = store.store();
        if (!shared.shared()) {
            return attempts(write);
        }
        return shared.exclusive(() -> {
            resync();
            return attempts(write);
        });
    }

    private ForwardView attempts(Supplier<ForwardView> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (ForwardPersistence.StoreConflict conflict) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ApiException.unavailable(
                            "the forward store " + store.location() + " changed under " + MAX_ATTEMPTS
                                    + " attempts in a row (other instances writing); nothing changed, try again");
                }
                resync();
            }
        }
    }

    /**
     * Makes this instance's API forwards (entries and routers' cores) what the store holds now:
     * after another instance wrote it (the shared store's watch) or before retrying a write that
     * lost. Forwards gone or changed leave the cores first, then new ones enter. A stored forward
     * the core refuses (it conflicts with something only this instance has) is kept in the list,
     * so the next write does not drop it from the store, and logged.
     */
    public synchronized void resync() {
        ForwardPersistence.Loaded loaded;
        try {
            loaded = store.load();
        } catch (IllegalStateException e) {
            LOG.error("cannot re-read the forward store: {}", e.getMessage());
            return;
        }
        Map<String, ForwardEntry> stored = new LinkedHashMap<>();
        loaded.entries().forEach(e -> stored.put(e.id(), e));
        for (ForwardEntry e : List.copyOf(entries.values())) {
            if (e.source() != ForwardEntry.Source.API) {
                continue;
            }
            ForwardEntry now = stored.get(e.id());
            if (now == null || now.datapathId() != e.datapathId() || !now.rule().equals(e.rule())) {
                core.remove(e.datapathId(), e.rule());
                entries.remove(e.id());
            }
        }
        for (ForwardEntry e : stored.values()) {
            ForwardEntry had = entries.get(e.id());
            if (had == null && core.add(e.datapathId(), e.rule()) instanceof ForwardResult.Conflict c) {
                LOG.warn(
                        "forward store: {} conflicts here ({}); listed but not active on this instance",
                        e.describe(),
                        ForwardConflicts.words(c.reason()));
            }
            entries.put(e.id(), e);
        }
        nextId = Math.max(nextId, loaded.nextId());
        number();
    }

    private ForwardView deleteOnce(String id) {
        ForwardEntry e = requireWritable(id);
        ForwardView view = ForwardViews.of(routers.nat(), router(e), e);
        Map<String, ForwardEntry> next = new LinkedHashMap<>(entries);
        next.remove(id);
        save(next.values());
        core.remove(e.datapathId(), e.rule());
        entries.remove(id);
        return view;
    }

    /** The entries as they will be with {@code entry} added or replaced; {@link #entries} is unchanged. */
    private Collection<ForwardEntry> with(ForwardEntry entry) {
        Map<String, ForwardEntry> next = new LinkedHashMap<>(entries);
        next.put(entry.id(), entry);
        return next.values();
    }

    private void save(Collection<ForwardEntry> all) {
        try {
            store.save(all, nextId);
        } catch (IOException e) {
            throw store.failed(e);
        }
    }

    private ForwardEntry require(String id) {
        ForwardEntry e = entries.get(id == null ? "" : id.trim());
        if (e == null) {
            throw ApiException.notFound("no forward with id " + id);
        }
        return e;
    }

    private ForwardEntry requireWritable(String id) {
        ForwardEntry e = require(id);
        if (e.source() == ForwardEntry.Source.CONFIG) {
            throw ApiException.conflict(e.describe() + " comes from natflow.yml and is read-only; change it there");
        }
        return e;
    }

    private List<ForwardEntry> onRouter(long datapathId) {
        return entries.values().stream()
                .filter(e -> e.datapathId() == datapathId)
                .toList();
    }

    private RouterDirectory.Router router(ForwardEntry e) {
        return routers.of(e.datapathId());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
