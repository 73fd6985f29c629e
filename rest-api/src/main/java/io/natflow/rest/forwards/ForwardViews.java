package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.service.NatService;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.RouterDirectory;
import io.natflow.rest.switches.DatapathIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Forward entries to views, with their live session counts from the NAT service. */
final class ForwardViews {
    private ForwardViews() {}

    static List<ForwardView> of(NatService nat, RouterDirectory.Router r, List<ForwardEntry> list) {
        List<Integer> sessions = Await.result(nat.forwardSessions(
                r.datapathId(), list.stream().map(ForwardEntry::rule).toList()));
        List<ForwardView> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(view(list.get(i), sessions.get(i)));
        }
        return out;
    }

    static ForwardView of(NatService nat, RouterDirectory.Router r, ForwardEntry e) {
        return of(nat, r, List.of(e)).get(0);
    }

    private static ForwardView view(ForwardEntry e, int sessions) {
        PortForward r = e.rule();
        return new ForwardView(
                e.id(),
                DatapathIds.format(e.datapathId()),
                r.protocol().name().toLowerCase(Locale.ROOT),
                Ipv4.format(r.publicIp()),
                r.publicPort(),
                r.publicPort() + r.count() - 1,
                Ipv4.format(r.internalIp()),
                r.internalPort(),
                r.internalPort() + r.count() - 1,
                r.count(),
                e.description(),
                e.source().name().toLowerCase(Locale.ROOT),
                e.createdAt(),
                sessions,
                null,
                e.number() == 0 ? null : e.number());
    }

    /**
     * The forwards hosts leased on this router (PCP, NAT-PMP), read-only: id {@code lease-<n>} in
     * the order listed (not stable across calls; a lease is found by its ports).
     */
    static List<ForwardView> leases(NatService nat, RouterDirectory.Router r) {
        List<ForwardLease> leases = Await.result(nat.leases(r.datapathId()));
        List<Integer> sessions = Await.result(nat.forwardSessions(
                r.datapathId(), leases.stream().map(ForwardLease::rule).toList()));
        List<ForwardView> out = new ArrayList<>(leases.size());
        for (int i = 0; i < leases.size(); i++) {
            ForwardLease l = leases.get(i);
            PortForward p = l.rule();
            out.add(new ForwardView(
                    "lease-" + (i + 1),
                    DatapathIds.format(r.datapathId()),
                    p.protocol().name().toLowerCase(Locale.ROOT),
                    Ipv4.format(p.publicIp()),
                    p.publicPort(),
                    p.publicPort(),
                    Ipv4.format(p.internalIp()),
                    p.internalPort(),
                    p.internalPort(),
                    1,
                    null,
                    l.source().name().toLowerCase(Locale.ROOT),
                    Instant.ofEpochMilli(l.createdAt()),
                    sessions.get(i),
                    Instant.ofEpochMilli(l.expiresAt()),
                    null));
        }
        return out;
    }
}
