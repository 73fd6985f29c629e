package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.service.NatService;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.Routers;
import io.natflow.rest.switches.DatapathIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Forward entries to views, with their live session counts from the NAT service. */
final class ForwardViews {
    private ForwardViews() {}

    static List<ForwardView> of(NatService nat, Routers.Router r, List<ForwardEntry> list) {
        List<Integer> sessions = Await.result(nat.forwardSessions(r.datapathId(),
                list.stream().map(ForwardEntry::rule).toList()));
        List<ForwardView> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(view(list.get(i), sessions.get(i)));
        }
        return out;
    }

    static ForwardView of(NatService nat, Routers.Router r, ForwardEntry e) {
        return of(nat, r, List.of(e)).get(0);
    }

    private static ForwardView view(ForwardEntry e, int sessions) {
        PortForward r = e.rule();
        return new ForwardView(e.id(), DatapathIds.format(e.datapathId()), r.protocol().name().toLowerCase(Locale.ROOT),
                Ipv4.format(r.publicIp()), r.publicPort(), r.publicPort() + r.count() - 1, Ipv4.format(r.internalIp()),
                r.internalPort(), r.internalPort() + r.count() - 1, r.count(), e.description(),
                e.source().name().toLowerCase(Locale.ROOT), e.createdAt(), sessions);
    }
}
