package io.natflow.rest.forwards;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Origin;
import io.natflow.rest.api.Routers;
import io.natflow.rest.switches.DatapathIds;
import java.util.List;
import java.util.Locale;

/** Forward entries to views, with their live session counts read under the router's lock. */
final class ForwardViews {
    private ForwardViews() {}

    static List<ForwardView> of(Routers.Router r, List<ForwardEntry> list) {
        return r.router().withNat(nat -> list.stream().map(e -> view(e, sessions(nat, e.rule()))).toList());
    }

    static ForwardView of(Routers.Router r, ForwardEntry e) {
        return of(r, List.of(e)).get(0);
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
}
