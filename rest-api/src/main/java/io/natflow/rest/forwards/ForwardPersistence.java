package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.service.RouterSettings;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.switches.DatapathIds;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * API forwards to and from the store: the record format, the check that each stored forward
 * names a configured router and passes the same checks as a forward added over the API
 * ({@link ForwardRules}), and the messages for a store that cannot be used.
 */
final class ForwardPersistence {
    private final ForwardStore store;
    private final LongFunction<Optional<RouterSettings>> routers;

    /** The stored forwards and the id the next API forward gets (never one already used). */
    record Loaded(List<ForwardEntry> entries, long nextId) {}

    ForwardPersistence(ForwardStore store, LongFunction<Optional<RouterSettings>> routers) {
        this.store = store;
        this.routers = routers;
    }

    String location() {
        return store.location();
    }

    /** The store itself, for {@link ForwardStore#shared()} and {@link ForwardStore#exclusive}. */
    ForwardStore store() {
        return store;
    }

    /** @throws IllegalStateException naming the store and the forward if one is not valid */
    Loaded load() {
        StoredForwards stored = store.load();
        List<ForwardEntry> entries =
                stored.forwards().stream().map(this::fromStore).toList();
        long maxId = entries.stream().mapToLong(e -> numericId(e.id())).reduce(0, Math::max);
        return new Loaded(entries, Math.max(stored.nextId(), maxId + 1));
    }

    /** Stores the API forwards among {@code all} (config forwards live in natflow.yml). */
    void save(Collection<ForwardEntry> all, long nextId) throws IOException {
        List<StoredForwards.Forward> stored = all.stream()
                .filter(e -> e.source() == ForwardEntry.Source.API)
                .map(ForwardPersistence::toStore)
                .toList();
        store.save(new StoredForwards(StoredForwards.VERSION, nextId, stored));
    }

    /** What a failed write throws: a {@link StoreConflict} (read again and retry) or a 500 naming the store. */
    RuntimeException failed(IOException e) {
        if (e instanceof ForwardStoreConflictException) {
            return new StoreConflict();
        }
        return ApiException.internal(
                "could not write the forward store " + store.location() + " (" + e + "); nothing changed");
    }

    private static StoredForwards.Forward toStore(ForwardEntry e) {
        PortForward r = e.rule();
        return new StoredForwards.Forward(
                e.id(),
                DatapathIds.format(e.datapathId()),
                r.protocol().name().toLowerCase(Locale.ROOT),
                Ipv4.format(r.publicIp()),
                r.publicPort(),
                Ipv4.format(r.internalIp()),
                r.internalPort(),
                r.count(),
                e.description(),
                e.createdAt(),
                e.number() == 0 ? null : e.number());
    }

    private ForwardEntry fromStore(StoredForwards.Forward f) {
        String where = "forward " + f.id();
        OptionalLong dpid = DatapathIds.parse(f.datapathId());
        Optional<RouterSettings> router = dpid.isEmpty() ? Optional.empty() : routers.apply(dpid.getAsLong());
        if (router.isEmpty()) {
            throw new IllegalStateException(
                    "forward store " + store.location() + ": " + where + " is for switch " + f.datapathId()
                            + ", which has no NAT router in natflow.yml. Remove it from the store or add the router");
        }
        try {
            if (!f.protocol().equalsIgnoreCase("tcp") && !f.protocol().equalsIgnoreCase("udp") || f.count() < 1) {
                throw ApiException.invalid("protocol must be tcp or udp and count at least 1");
            }
            PortForward rule = ForwardRules.build(
                    new ForwardRequest(
                            f.datapathId(),
                            f.protocol(),
                            f.publicAddress(),
                            ports(f.publicPort(), f.count()),
                            f.internalAddress(),
                            ports(f.internalPort(), f.count()),
                            f.description()),
                    router.get());
            if (f.rule() != null && (f.rule() < 1 || f.rule() > NatRule.MAX_NUMBER)) {
                throw ApiException.invalid("rule must be 1-" + NatRule.MAX_NUMBER);
            }
            return new ForwardEntry(
                    f.id(),
                    dpid.getAsLong(),
                    rule,
                    f.description(),
                    ForwardEntry.Source.API,
                    f.createdAt(),
                    f.rule() == null ? 0 : f.rule());
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "forward store " + store.location() + ": " + where + " is not valid (" + e.getMessage()
                            + "). natflow does not replace the store: fix or remove that entry",
                    e);
        }
    }

    /** The port notation of the API for a stored first port and count. */
    private static String ports(int first, int count) {
        return count == 1 ? String.valueOf(first) : first + "-" + ((long) first + count - 1);
    }

    private static long numericId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Another instance wrote the shared store first; nothing changed here. */
    static final class StoreConflict extends RuntimeException {
        StoreConflict() {
            super("the shared forward store changed meanwhile", null, false, false);
        }
    }
}
