package io.natflow.rest.mappings;

import io.natflow.nat.service.NatService;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.RouterDirectory;
import java.util.List;
import java.util.stream.Collectors;

/** Mappings through the NAT service: one page per call, read on the routers' event loops. */
public final class NatMappingService implements MappingService {
    private final RouterDirectory routers;
    private final FlowCounterReader counters;

    public NatMappingService(RouterDirectory routers, FlowCounterReader counters) {
        this.routers = routers;
        this.counters = counters;
    }

    /** With the flow counters the NAT service reads from the switch. */
    public NatMappingService(RouterDirectory routers) {
        this(routers, FlowCounterReader.of(routers.nat()));
    }

    @Override
    public MappingPage list(MappingQuery q) {
        List<RouterDirectory.Router> selected = routers.select(q.switchId());
        Long dpid = q.switchId() == null || q.switchId().isBlank()
                ? null
                : selected.get(0).datapathId();
        var page = Await.result(nat().mappings(new io.natflow.nat.service.MappingQuery(
                dpid, q.protocol(), q.internalIp(), q.internalPort(), q.publicPort(), q.offset(), q.limit())));
        return new MappingPage(
                page.total(),
                page.matched(),
                q.offset(),
                q.limit(),
                page.items().stream().map(Views::of).toList());
    }

    @Override
    public MappingDetail get(long id, String switchId) {
        RouterDirectory.Router r = find(id, switchId);
        MappingView view =
                Await.result(nat().mapping(r.datapathId(), id)).map(Views::of).orElseThrow(() -> gone(id));
        MappingCounters live = counters.read(r.datapathId(), id).orElse(MappingCounters.UNAVAILABLE);
        return new MappingDetail(view, live);
    }

    @Override
    public MappingView delete(long id, String switchId) {
        RouterDirectory.Router r = find(id, switchId);
        return Await.result(nat().deleteMapping(r.datapathId(), id))
                .map(Views::of)
                .orElseThrow(() -> gone(id));
    }

    /** The router holding mapping {@code id}: the one named, or the only one that has it. */
    private RouterDirectory.Router find(long id, String switchId) {
        if (switchId != null && !switchId.isBlank()) {
            return routers.select(switchId).get(0);
        }
        List<RouterDirectory.Router> holders = routers.all().stream()
                .filter(r -> Await.result(nat().mapping(r.datapathId(), id)).isPresent())
                .toList();
        if (holders.isEmpty()) {
            throw gone(id);
        }
        if (holders.size() > 1) {
            throw ApiException.badRequest("mapping " + id + " exists on several switches ("
                    + holders.stream().map(RouterDirectory.Router::switchId).collect(Collectors.joining(", "))
                    + "); add ?switch=<datapath id>");
        }
        return holders.get(0);
    }

    private NatService nat() {
        return routers.nat();
    }

    private static ApiException gone(long id) {
        return ApiException.notFound("no mapping with id " + id);
    }
}
