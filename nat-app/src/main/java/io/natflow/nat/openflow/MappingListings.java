package io.natflow.nat.openflow;

import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.service.MappingInfo;
import io.natflow.nat.service.MappingPage;
import io.natflow.nat.service.MappingQuery;
import io.natflow.nat.service.UnknownRouterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Mapping listings that never hold a router's loop for long. A listing is the sorted ids of the
 * matching mappings (a snapshot), then one page of them read live. A small table (at most
 * {@link #SMALL_TABLE} mappings) is scanned in one loop task per listing, so the answer is exact.
 * A larger one is walked in steps of {@link #STEP_SLOTS} table slots, one loop task each, with
 * other tasks (packet-ins) in between; its snapshot is kept for {@link #MAX_AGE_MILLIS} and
 * shared by the pages that follow, so paging through a million mappings walks the table once
 * every two seconds, not once a page. Sorting happens off the loop.
 */
final class MappingListings {
    static final int SMALL_TABLE = 50_000;
    static final int STEP_SLOTS = 16_384;
    static final long MAX_AGE_MILLIS = 2_000;
    /** Snapshots kept at once (one per router and filter); the oldest goes first. */
    static final int MAX_SNAPSHOTS = 16;

    private final Map<Long, RouterHost> hosts;
    private final LongSupplier clock;
    private final Executor sorter;
    private final Map<Key, Snapshot> snapshots = new ConcurrentHashMap<>();

    private record Key(
            long datapathId, Protocol protocol, Integer internalIp, Integer internalPort, Integer publicPort) {}

    /**
     * The matching ids of one router, ascending, in {@code ids[0, count)}, and its table size, at
     * {@code takenAt}. The walk's own buffer, not a trimmed copy: a million ids are 8 MB.
     */
    private record Snapshot(long datapathId, long total, long[] ids, int count, long takenAt) {}

    /** Sorts snapshots below the routers' loops and Netty: a listing is background work. */
    private static final Executor SORTER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "natflow-listing-sort");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    MappingListings(Map<Long, RouterHost> hosts, LongSupplier clock) {
        this(hosts, clock, SORTER);
    }

    MappingListings(Map<Long, RouterHost> hosts, LongSupplier clock, Executor sorter) {
        this.hosts = hosts;
        this.clock = clock;
        this.sorter = sorter;
    }

    CompletableFuture<MappingPage> list(List<Long> datapathIds, MappingQuery q) {
        List<CompletableFuture<Snapshot>> scans = new ArrayList<>();
        for (long dpid : datapathIds) {
            scans.add(snapshot(dpid, q));
        }
        return CompletableFuture.allOf(scans.toArray(CompletableFuture[]::new))
                .thenCompose(
                        done -> page(scans.stream().map(CompletableFuture::join).toList(), q));
    }

    private CompletableFuture<Snapshot> snapshot(long dpid, MappingQuery q) {
        RouterHost h = hosts.get(dpid);
        if (h == null) {
            return CompletableFuture.failedFuture(new UnknownRouterException(dpid));
        }
        Key key = new Key(dpid, q.protocol(), q.internalIp(), q.internalPort(), q.publicPort());
        Snapshot kept = snapshots.get(key);
        if (kept != null && clock.getAsLong() - kept.takenAt() <= MAX_AGE_MILLIS) {
            return CompletableFuture.completedFuture(kept);
        }
        Walk walk = new Walk(h.router().core(), q);
        return h.loop()
                .call(() -> walk.step(Integer.MAX_VALUE / 2, SMALL_TABLE))
                .thenCompose(done -> done ? CompletableFuture.completedFuture(walk) : stepped(h, walk))
                .thenApplyAsync(
                        w -> {
                            int count = w.sortUnique();
                            Snapshot s = new Snapshot(dpid, w.total, w.ids, count, clock.getAsLong());
                            if (w.stepped) {
                                keep(key, s);
                            }
                            return s;
                        },
                        sorter);
    }

    /** Walks the rest of a large table in bounded loop tasks, each queued behind what arrived meanwhile. */
    private static CompletableFuture<Walk> stepped(RouterHost h, Walk walk) {
        CompletableFuture<Walk> done = new CompletableFuture<>();
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            try {
                if (walk.step(STEP_SLOTS, Integer.MAX_VALUE)) {
                    done.complete(walk);
                } else if (!h.loop().execute(step[0])) {
                    done.completeExceptionally(new io.natflow.nat.service.RouterBusyException(
                            "the router's event loop shut down during a listing"));
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        };
        if (!h.loop().execute(step[0])) {
            done.completeExceptionally(
                    new io.natflow.nat.service.RouterBusyException("the router's event loop is shut down"));
        }
        return done;
    }

    private void keep(Key key, Snapshot s) {
        snapshots.put(key, s);
        while (snapshots.size() > MAX_SNAPSHOTS) {
            snapshots.entrySet().stream()
                    .min((a, b) ->
                            Long.compare(a.getValue().takenAt(), b.getValue().takenAt()))
                    .ifPresent(oldest -> snapshots.remove(oldest.getKey(), oldest.getValue()));
        }
    }

    /** Off the loop: picks the page's ids, then reads them on each router's loop (at most a page). */
    private CompletableFuture<MappingPage> page(List<Snapshot> scans, MappingQuery q) {
        long total = 0;
        long matched = 0;
        List<CompletableFuture<List<MappingInfo>>> parts = new ArrayList<>();
        long skip = q.offset();
        int room = q.limit();
        for (Snapshot s : scans) {
            total += s.total();
            matched += s.count();
            int from = (int) Math.min(skip, s.count());
            skip -= from;
            int to = (int) Math.min((long) from + room, s.count());
            if (to > from) {
                long[] wanted = Arrays.copyOfRange(s.ids(), from, to);
                room -= wanted.length;
                RouterHost h = hosts.get(s.datapathId());
                parts.add(h.loop().call(() -> details(s.datapathId(), h.router().core(), wanted)));
            }
        }
        long totalAll = total;
        long matchedAll = matched;
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<MappingInfo> items = new ArrayList<>();
            parts.forEach(p -> items.addAll(p.join()));
            return new MappingPage(totalAll, matchedAll, items);
        });
    }

    private static List<MappingInfo> details(long datapathId, Nat nat, long[] wanted) {
        List<MappingInfo> out = new ArrayList<>(wanted.length);
        for (long id : wanted) {
            nat.lookup(id).ifPresent(m -> out.add(RouterQueries.info(datapathId, m)));
        }
        return out;
    }

    /** One walk over a router's table; its steps run on that router's loop, one after another. */
    private static final class Walk {
        private final Nat nat;
        private final MappingQuery q;
        private static final int FIRST_IDS = 1024;
        private long[] ids = new long[FIRST_IDS];
        private int count;
        private long cursor;
        private long total;
        private boolean stepped;

        Walk(Nat nat, MappingQuery q) {
            this.nat = nat;
            this.q = q;
        }

        /**
         * The whole table if it has at most {@code wholeBelow} mappings, else up to
         * {@code maxSlots} slots of it; true when the walk is done.
         */
        boolean step(int maxSlots, int wholeBelow) {
            if (cursor == 0 && !stepped && nat.size() > wholeBelow) {
                stepped = true;
                return false;
            }
            cursor = nat.walkMappings(cursor, maxSlots, this::offer);
            total = nat.size();
            return cursor == -1;
        }

        private void offer(Mapping m) {
            if (q.matches(m.protocol(), m.internalIp(), m.internalPort(), m.publicPort())) {
                if (count == ids.length) {
                    // The first growth sizes the buffer to the table (read here, on the loop): a
                    // million ids doubled up from 1,024 would leave 8 MB of copies behind each walk.
                    int grown = count * 2;
                    if (count == FIRST_IDS) {
                        grown = Math.max(grown, nat.size() + FIRST_IDS);
                    }
                    ids = Arrays.copyOf(ids, grown);
                }
                ids[count++] = m.id();
            }
        }

        /** Sorts the walk's ids in place and drops repeats (a mapping moved during the walk); the new count. */
        int sortUnique() {
            Arrays.sort(ids, 0, count);
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (n == 0 || ids[i] != ids[n - 1]) {
                    ids[n++] = ids[i];
                }
            }
            count = n;
            return n;
        }
    }
}
