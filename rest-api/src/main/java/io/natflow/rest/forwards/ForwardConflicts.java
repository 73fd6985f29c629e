package io.natflow.rest.forwards;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardConflict;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.service.MappingInfo;
import io.natflow.nat.service.NatService;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.RouterDirectory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Turns the core's typed conflict into a 409 (or 422) whose message names what is in the way. */
final class ForwardConflicts {
    private ForwardConflicts() {}

    static ApiException explain(
            ForwardConflict reason,
            PortForward rule,
            Collection<ForwardEntry> others,
            NatService nat,
            RouterDirectory.Router router) {
        String what = ForwardEntry.describe(rule);
        return switch (reason) {
            case OVERLAPS_FORWARD ->
                ApiException.conflict(what + ": the public port(s) are already forwarded by "
                        + others.stream()
                                .filter(e -> ForwardEntry.overlapsPublic(e.rule(), rule))
                                .findFirst()
                                .map(ForwardEntry::describe)
                                .orElse("another forward"));
            case INTERNAL_ENDPOINT_TAKEN ->
                ApiException.conflict(what + ": the internal endpoint(s) are already the "
                        + "target of "
                        + others.stream()
                                .filter(e -> ForwardEntry.overlapsInternal(e.rule(), rule))
                                .findFirst()
                                .map(ForwardEntry::describe)
                                .orElse("a 1:1 address forward of " + Ipv4.format(rule.internalIp())));
            case OVERLAPS_MAPPING ->
                ApiException.conflict(
                        what + ": " + liveMapping(rule, nat, router).orElse("a live mapping holds one of its ports"));
            case PORT_IN_QUARANTINE ->
                ApiException.conflict(what + ": a public port was released recently and is in "
                        + "quarantine for up to " + router.settings().nat().quarantineMillis() / 1000
                        + " s (routers[].quarantine); try again later or choose other ports");
            case NOT_A_PUBLIC_ADDRESS, ADDRESS_IN_POOL, INVALID ->
                ApiException.invalid(what + ": rejected by the NAT (" + words(reason) + ")");
        };
    }

    /** The reason as words for a message: "port in quarantine". */
    static String words(ForwardConflict reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The first live mapping on one of the rule's public ports or internal endpoints, described. */
    private static Optional<String> liveMapping(PortForward rule, NatService nat, RouterDirectory.Router router) {
        return Await.result(nat.mappingInTheWay(router.datapathId(), rule)).map(ForwardConflicts::describe);
    }

    private static String describe(MappingInfo m) {
        return "live mapping " + m.id() + " (" + m.protocol().name().toLowerCase(Locale.ROOT) + " "
                + new Endpoint(m.internalIp(), m.internalPort()) + " <-> " + new Endpoint(m.publicIp(), m.publicPort())
                + ") holds a port it needs; delete it with DELETE /api/mappings/"
                + m.id() + " or choose other ports";
    }
}
