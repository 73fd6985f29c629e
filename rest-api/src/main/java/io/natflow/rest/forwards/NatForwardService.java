package io.natflow.rest.forwards;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Origin;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.openflow.NatApp;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.Routers;
import io.natflow.rest.switches.DatapathIds;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Forwards over the routers' cores and the store. Writes are serialised here; each one checks
 * everything first, then changes the core and the store so that on any error nothing changed:
 * add = core then store (a failed store write takes the rule out again); replace = one core swap
 * then store (a failed store write swaps back); delete = store then core.
 */
public final class NatForwardService implements ForwardService {
    private final Routers routers;
    private final ForwardStore store;
    private final Clock clock;
    private final Map<String, ForwardEntry> entries = new LinkedHashMap<>();
    private long nextId = 1;
    private int configForwards;

    public NatForwardService(Routers routers, ForwardStore store, Clock clock) {
        this.routers = routers;
        this.store = store;
        this.clock = clock;
    }

    /** Lists a natflow.yml forward (the router already holds it) as read-only forward "config-N". */
    public synchronized void addConfigForward(long datapathId, PortForward rule, String description) {
        String id = "config-" + (++configForwards);
        entries.put(id, new ForwardEntry(id, datapathId, rule, blankToNull(description), ForwardEntry.Source.CONFIG, null));
    }

    /**
     * Loads the store and gives its forwards to the routers, so they hold them before any switch
     * connects (and again after every reconnect: the core keeps them).
     *
     * @return how many stored forwards were installed
     * @throws IllegalStateException naming the store and the forward if one cannot be installed
     */
    public synchronized int restore() {
        StoredForwards stored = store.load();
        long maxId = 0;
        for (StoredForwards.Forward f : stored.forwards()) {
            ForwardEntry entry = fromStore(f);
            ForwardResult result = routers.app().change(entry.datapathId(),
                    router -> new NatApp.Change<>(router.addForward(entry.rule(), routers.app().now()), List.<OFMessage>of()))
                    .orElseThrow();
            if (result instanceof ForwardResult.Conflict c) {
                throw new IllegalStateException("forward store " + store.location() + ": " + entry.describe()
                        + " cannot be installed: " + ForwardConflicts.explain(c.reason(), entry.rule(),
                        onRouter(entry.datapathId()), routers.app().router(entry.datapathId()).orElseThrow()).getMessage()
                        + ". Remove it from the store or from natflow.yml");
            }
            entries.put(entry.id(), entry);
            maxId = Math.max(maxId, numericId(entry.id()));
        }
        nextId = Math.max(stored.nextId(), maxId + 1);
        return stored.forwards().size();
    }

    @Override
    public synchronized List<ForwardView> list(String switchId) {
        List<ForwardView> out = new ArrayList<>();
        for (Routers.Router r : routers.select(switchId)) {
            out.addAll(views(r, onRouter(r.datapathId())));
        }
        return out;
    }

    @Override
    public synchronized ForwardView get(String id) {
        ForwardEntry e = require(id);
        return views(router(e), List.of(e)).get(0);
    }

    @Override
    public synchronized ForwardView add(ForwardRequest request) {
        Routers.Router r = routers.require(request.datapathId(), ApiException::invalid);
        PortForward rule = ForwardRules.build(request, r.router().config());
        addToCore(r, rule, onRouter(r.datapathId()));
        ForwardEntry entry = new ForwardEntry(String.valueOf(nextId), r.datapathId(), rule,
                blankToNull(request.description()), ForwardEntry.Source.API, clock.instant());
        Map<String, ForwardEntry> next = new LinkedHashMap<>(entries);
        next.put(entry.id(), entry);
        try {
            persist(next.values(), nextId + 1);
        } catch (IOException e) {
            removeFromCore(r.datapathId(), rule);
            throw storeFailed(e);
        }
        entries.put(entry.id(), entry);
        nextId++;
        return views(r, List.of(entry)).get(0);
    }

    @Override
    public synchronized ForwardView update(String id, ForwardRequest request) {
        ForwardEntry old = requireWritable(id);
        Routers.Router r = routers.require(request.datapathId() == null || request.datapathId().isBlank()
                ? DatapathIds.format(old.datapathId()) : request.datapathId(), ApiException::invalid);
        if (r.datapathId() != old.datapathId()) {
            throw ApiException.invalid("forward " + id + " belongs to switch " + DatapathIds.format(old.datapathId())
                    + "; to move it, delete it and add a new one");
        }
        PortForward rule = ForwardRules.build(request, r.router().config());
        ForwardEntry updated = old.withRule(rule, blankToNull(request.description()));
        Map<String, ForwardEntry> next = new LinkedHashMap<>(entries);
        next.put(id, updated);
        if (rule.equals(old.rule())) {
            save(next.values());
        } else {
            replaceInCore(r, old, updated, next.values());
        }
        entries.put(id, updated);
        return views(r, List.of(updated)).get(0);
    }

    /**
     * Swaps the rule in the core in one step (it may share ports and endpoints with the old one),
     * then stores it. A failed store write swaps the old rule back. The core refuses that only if
     * ports the new rule gave up are in quarantine (or, without quarantine, were taken meanwhile);
     * then the entry follows the core, so the next successful write stores it, and the error says so.
     */
    private void replaceInCore(Routers.Router r, ForwardEntry old, ForwardEntry updated, Collection<ForwardEntry> next) {
        PortForward rule = updated.rule();
        ReplaceResult result = coreReplace(r.datapathId(), old.rule(), rule);
        if (result instanceof ReplaceResult.Conflict c) {
            throw ForwardConflicts.explain(c.reason(), rule,
                    onRouter(r.datapathId()).stream().filter(e -> !e.id().equals(old.id())).toList(), r.router());
        }
        if (result instanceof ReplaceResult.Unknown) {
            throw ApiException.internal(old.describe() + " is not in the NAT core; nothing changed");
        }
        try {
            persist(next, nextId);
        } catch (IOException e) {
            ReplaceResult back = coreReplace(r.datapathId(), rule, old.rule());
            if (back instanceof ReplaceResult.Conflict c) {
                entries.put(updated.id(), updated);
                throw ApiException.internal("could not write the forward store " + store.location() + " (" + e
                        + ") and the NAT cannot take back " + old.describe() + " ("
                        + c.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): it runs "
                        + updated.describe() + ", which the store will hold after its next successful write");
            }
            throw storeFailed(e);
        }
    }

    private ReplaceResult coreReplace(long datapathId, PortForward old, PortForward replacement) {
        NatApp app = routers.app();
        return app.change(datapathId, router -> router.replaceForward(old, replacement, app.now())).orElseThrow();
    }

    @Override
    public synchronized ForwardView delete(String id) {
        ForwardEntry e = requireWritable(id);
        ForwardView view = views(router(e), List.of(e)).get(0);
        Map<String, ForwardEntry> next = new LinkedHashMap<>(entries);
        next.remove(id);
        save(next.values());
        removeFromCore(e.datapathId(), e.rule());
        entries.remove(id);
        return view;
    }

    // --- core -------------------------------------------------------------------------------

    private void addToCore(Routers.Router r, PortForward rule, Collection<ForwardEntry> others) {
        ForwardResult result = coreAdd(r.datapathId(), rule);
        if (result instanceof ForwardResult.Conflict c) {
            throw ForwardConflicts.explain(c.reason(), rule, others, r.router());
        }
    }

    private ForwardResult coreAdd(long datapathId, PortForward rule) {
        NatApp app = routers.app();
        return app.change(datapathId, router -> new NatApp.Change<>(router.addForward(rule, app.now()),
                List.<OFMessage>of())).orElseThrow();
    }

    /** Takes the rule out of the core and the flows of its sessions out of the switch. */
    private void removeFromCore(long datapathId, PortForward rule) {
        NatApp app = routers.app();
        app.change(datapathId, router -> {
            Optional<List<OFMessage>> messages = router.removeForward(rule, app.now());
            return new NatApp.Change<>(messages.isPresent(), messages.orElse(List.of()));
        });
    }

    // --- store ------------------------------------------------------------------------------

    private void save(Collection<ForwardEntry> all) {
        try {
            persist(all, nextId);
        } catch (IOException e) {
            throw storeFailed(e);
        }
    }

    private void persist(Collection<ForwardEntry> all, long next) throws IOException {
        List<StoredForwards.Forward> stored = all.stream()
                .filter(e -> e.source() == ForwardEntry.Source.API)
                .map(NatForwardService::toStore)
                .toList();
        store.save(new StoredForwards(StoredForwards.VERSION, next, stored));
    }

    private ApiException storeFailed(IOException e) {
        return ApiException.internal("could not write the forward store " + store.location() + " (" + e
                + "); nothing changed");
    }

    private static StoredForwards.Forward toStore(ForwardEntry e) {
        PortForward r = e.rule();
        return new StoredForwards.Forward(e.id(), DatapathIds.format(e.datapathId()),
                r.protocol().name().toLowerCase(Locale.ROOT), Ipv4.format(r.publicIp()), r.publicPort(),
                Ipv4.format(r.internalIp()), r.internalPort(), r.count(), e.description(), e.createdAt());
    }

    private ForwardEntry fromStore(StoredForwards.Forward f) {
        String where = "forward " + f.id();
        OptionalLong dpid = DatapathIds.parse(f.datapathId());
        if (dpid.isEmpty() || routers.app().router(dpid.getAsLong()).isEmpty()) {
            throw new IllegalStateException("forward store " + store.location() + ": " + where + " is for switch "
                    + f.datapathId() + ", which has no NAT router in natflow.yml. Remove it from the store or add the router");
        }
        try {
            Protocol protocol = Protocol.valueOf(f.protocol().toUpperCase(Locale.ROOT));
            if (protocol == Protocol.ICMP || f.count() < 1) {
                throw new IllegalArgumentException("protocol must be tcp or udp and count at least 1");
            }
            PortForward rule = new PortForward(protocol, Ipv4.parse(f.publicAddress()), f.publicPort(),
                    Ipv4.parse(f.internalAddress()), f.internalPort(), f.count());
            return new ForwardEntry(f.id(), dpid.getAsLong(), rule, f.description(), ForwardEntry.Source.API, f.createdAt());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("forward store " + store.location() + ": " + where + " is not valid ("
                    + e.getMessage() + "). natflow does not replace the store: fix or remove that entry", e);
        }
    }

    // --- lookups and views ------------------------------------------------------------------

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
        return entries.values().stream().filter(e -> e.datapathId() == datapathId).toList();
    }

    private Routers.Router router(ForwardEntry e) {
        return new Routers.Router(e.datapathId(), routers.app().router(e.datapathId()).orElseThrow());
    }

    private static List<ForwardView> views(Routers.Router r, List<ForwardEntry> list) {
        return r.router().withNat(nat -> list.stream().map(e -> view(e, sessions(nat, e.rule()))).toList());
    }

    private static int sessions(Nat nat, PortForward rule) {
        int n = 0;
        for (int i = 0; i < rule.count(); i++) {
            var m = nat.lookupPublic(rule.protocol(), new Endpoint(rule.publicIp(), rule.publicPort() + i));
            if (m.isPresent() && m.get().origin() == Origin.FORWARD) {
                n++;
            }
        }
        return n;
    }

    private static ForwardView view(ForwardEntry e, int sessions) {
        PortForward r = e.rule();
        return new ForwardView(e.id(), DatapathIds.format(e.datapathId()), r.protocol().name().toLowerCase(Locale.ROOT),
                Ipv4.format(r.publicIp()), r.publicPort(), r.publicPort() + r.count() - 1, Ipv4.format(r.internalIp()),
                r.internalPort(), r.internalPort() + r.count() - 1, r.count(), e.description(),
                e.source().name().toLowerCase(Locale.ROOT), e.createdAt(), sessions);
    }

    private static long numericId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
