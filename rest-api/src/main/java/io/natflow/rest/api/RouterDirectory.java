package io.natflow.rest.api;

import io.natflow.nat.service.NatService;
import io.natflow.nat.service.RouterSettings;
import io.natflow.rest.switches.DatapathIds;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured NAT routers as the REST services address them: by datapath id, or "the only one". */
public final class RouterDirectory {
    private final NatService nat;

    public RouterDirectory(NatService nat) {
        this.nat = nat;
    }

    /** The NAT service every REST service, metric and health check reads and changes through. */
    public NatService nat() {
        return nat;
    }

    /** A router's datapath id and settings. */
    public record Router(long datapathId, RouterSettings settings) {
        public String switchId() {
            return DatapathIds.format(datapathId);
        }
    }

    /** Every configured router, by datapath id. */
    public List<Router> all() {
        return nat.routerIds().stream()
                .map(id -> new Router(id, nat.settings(id).orElseThrow()))
                .toList();
    }

    /** The router of a datapath id known to be configured (a stored entry's, say). */
    public Router of(long datapathId) {
        return new Router(datapathId, nat.settings(datapathId).orElseThrow());
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
            throw error.apply(
                    all.isEmpty()
                            ? "no NAT router is configured (natflow.yml: routers)"
                            : "switch is required: there are several NAT routers (" + names(all) + ")");
        }
        OptionalLong dpid = DatapathIds.parse(switchId);
        if (dpid.isEmpty()) {
            throw error.apply("switch '" + switchId + "' is not a datapath id (16 hex digits)");
        }
        return nat.settings(dpid.getAsLong())
                .map(s -> new Router(dpid.getAsLong(), s))
                .orElseThrow(() -> error.apply("no NAT router for switch " + DatapathIds.format(dpid.getAsLong())
                        + " (configured: " + names(all) + ")"));
    }

    /** RouterDirectory a list filter selects: all of them for no filter, else the one named (or 400/404). */
    public List<Router> select(String switchId) {
        if (switchId == null || switchId.isBlank()) {
            return all();
        }
        return List.of(require(
                switchId,
                message -> message.contains("not a datapath id")
                        ? ApiException.badRequest(message)
                        : ApiException.notFound(message)));
    }

    private static String names(List<Router> routers) {
        return routers.isEmpty()
                ? "none"
                : routers.stream().map(Router::switchId).collect(Collectors.joining(", "));
    }
}
