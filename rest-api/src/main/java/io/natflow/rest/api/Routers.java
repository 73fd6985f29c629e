package io.natflow.rest.api;

import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.NatRouter;
import io.natflow.rest.switches.DatapathIds;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured NAT routers as the REST services address them: by datapath id, or "the only one". */
public final class Routers {
    private final NatApp app;

    public Routers(NatApp app) {
        this.app = app;
    }

    public NatApp app() {
        return app;
    }

    /** A router and its datapath id. */
    public record Router(long datapathId, NatRouter router) {
        public String switchId() {
            return DatapathIds.format(datapathId);
        }
    }

    /** Every configured router, by datapath id. */
    public List<Router> all() {
        return app.routers().entrySet().stream()
                .map(e -> new Router(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Router::switchId))
                .toList();
    }

    /**
     * The router of {@code switchId}; when it is null or blank, the only router if there is
     * exactly one. Otherwise fails with {@code error(message)}.
     */
    public Router require(String switchId, Function<String, ApiException> error) {
        List<Router> all = all();
        if (switchId == null || switchId.isBlank()) {
            if (all.size() == 1) {
                return all.get(0);
            }
            throw error.apply(all.isEmpty() ? "no NAT router is configured (natflow.yml: routers)"
                    : "switch is required: there are several NAT routers (" + names(all) + ")");
        }
        OptionalLong dpid = DatapathIds.parse(switchId);
        if (dpid.isEmpty()) {
            throw error.apply("switch '" + switchId + "' is not a datapath id (16 hex digits)");
        }
        return app.router(dpid.getAsLong()).map(r -> new Router(dpid.getAsLong(), r))
                .orElseThrow(() -> error.apply("no NAT router for switch " + DatapathIds.format(dpid.getAsLong())
                        + " (configured: " + names(all) + ")"));
    }

    /** Routers a list filter selects: all of them for no filter, else the one named (or 400/404). */
    public List<Router> select(String switchId) {
        if (switchId == null || switchId.isBlank()) {
            return all();
        }
        return List.of(require(switchId, message -> message.contains("not a datapath id")
                ? ApiException.badRequest(message) : ApiException.notFound(message)));
    }

    private static String names(List<Router> routers) {
        return routers.isEmpty() ? "none" : routers.stream().map(Router::switchId).collect(Collectors.joining(", "));
    }
}
