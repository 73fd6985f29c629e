package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Protocol;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.switches.DatapathIds;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * API forwards to and from the store: the record format, the check that each stored forward
 * names a configured router, and the messages for a store that cannot be used.
 */
final class ForwardPersistence {
    private final ForwardStore store;
    private final LongPredicate hasRouter;

    /** The stored forwards and the id the next API forward gets (never one already used). */
    record Loaded(List<ForwardEntry> entries, long nextId) {}

    ForwardPersistence(ForwardStore store, LongPredicate hasRouter) {
        this.store = store;
        this.hasRouter = hasRouter;
    }

    String location() {
        return store.location();
    }

    /** @throws IllegalStateException naming the store and the forward if one is not valid */
    Loaded load() {
        StoredForwards stored = store.load();
        List<ForwardEntry> entries = stored.forwards().stream().map(this::fromStore).toList();
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

    ApiException failed(IOException e) {
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
        if (dpid.isEmpty() || !hasRouter.test(dpid.getAsLong())) {
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

    private static long numericId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
