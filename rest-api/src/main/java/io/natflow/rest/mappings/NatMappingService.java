package io.natflow.rest.mappings;

import io.natflow.nat.core.Mapping;
import io.natflow.nat.openflow.NatApp;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.Routers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Mappings straight from the routers' cores, read under each router's lock. */
public final class NatMappingService implements MappingService {
    private final Routers routers;
    private final FlowCounterReader counters;

    public NatMappingService(Routers routers, FlowCounterReader counters) {
        this.routers = routers;
        this.counters = counters;
    }

    @Override
    public MappingPage list(MappingQuery q) {
        long total = 0;
        List<MappingView> matched = new ArrayList<>();
        for (Routers.Router r : routers.select(q.switchId())) {
            total += r.router().withNat(nat -> {
                for (Mapping m : nat.mappings()) {
                    if (Views.matches(q, m)) {
                        matched.add(Views.of(r.datapathId(), m));
                    }
                }
                return nat.size();
            });
        }
        matched.sort(Comparator.comparing(MappingView::datapathId).thenComparingLong(MappingView::id));
        int from = (int) Math.min(q.offset(), matched.size());
        int to = (int) Math.min((long) from + q.limit(), matched.size());
        return new MappingPage(total, matched.size(), q.offset(), q.limit(), List.copyOf(matched.subList(from, to)));
    }

    @Override
    public MappingDetail get(long id, String switchId) {
        Routers.Router r = find(id, switchId);
        MappingView view = r.router().withNat(nat -> nat.lookup(id).map(m -> Views.of(r.datapathId(), m)))
                .orElseThrow(() -> gone(id));
        MappingCounters live = counters.read(r.datapathId(), id, r.router().config()::inLan)
                .orElse(MappingCounters.UNAVAILABLE);
        return new MappingDetail(view, live);
    }

    @Override
    public MappingView delete(long id, String switchId) {
        Routers.Router r = find(id, switchId);
        NatApp app = routers.app();
        return app.change(r.datapathId(), router -> {
            Optional<MappingView> view = router.withNat(nat -> nat.lookup(id).map(m -> Views.of(r.datapathId(), m)));
            Optional<List<OFMessage>> messages = view.isPresent() ? router.deleteMapping(id, app.now()) : Optional.empty();
            return new NatApp.Change<>(messages.isPresent() ? view.get() : null, messages.orElse(List.of()));
        }).orElseThrow(() -> gone(id));
    }

    /** The router holding mapping {@code id}: the one named, or the only one that has it. */
    private Routers.Router find(long id, String switchId) {
        if (switchId != null && !switchId.isBlank()) {
            return routers.select(switchId).get(0);
        }
        List<Routers.Router> holders = routers.all().stream()
                .filter(r -> r.router().withNat(nat -> nat.lookup(id).isPresent()))
                .toList();
        if (holders.isEmpty()) {
            throw gone(id);
        }
        if (holders.size() > 1) {
            throw ApiException.badRequest("mapping " + id + " exists on several switches ("
                    + holders.stream().map(Routers.Router::switchId).collect(Collectors.joining(", "))
                    + "); add ?switch=<datapath id>");
        }
        return holders.get(0);
    }

    private static ApiException gone(long id) {
        return ApiException.notFound("no mapping with id " + id);
    }
}
