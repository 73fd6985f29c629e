package io.natflow.rest.forwards;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Origin;
import io.natflow.rest.api.Routers;
import io.natflow.rest.switches.DatapathIds;
import java.time.Instant;
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
                e.source().name().toLowerCase(Locale.ROOT), e.createdAt(), sessions, null);
    }

    /**
     * The forwards hosts leased on this router (PCP, NAT-PMP), read-only: id {@code lease-<n>} in
     * the order listed (not stable across calls; a lease is found by its ports).
     */
    static List<ForwardView> leases(Routers.Router r) {
        return r.router().withNat(nat -> {
            List<ForwardLease> leases = nat.leases().stream()
                    .sorted(java.util.Comparator.comparingLong(ForwardLease::createdAt)).toList();
            List<ForwardView> out = new java.util.ArrayList<>(leases.size());
            for (int i = 0; i < leases.size(); i++) {
                ForwardLease l = leases.get(i);
                PortForward p = l.rule();
                out.add(new ForwardView("lease-" + (i + 1), DatapathIds.format(r.datapathId()),
                        p.protocol().name().toLowerCase(Locale.ROOT), Ipv4.format(p.publicIp()), p.publicPort(),
                        p.publicPort(), Ipv4.format(p.internalIp()), p.internalPort(), p.internalPort(), 1, null,
                        l.source().name().toLowerCase(Locale.ROOT), Instant.ofEpochMilli(l.createdAt()),
                        sessions(nat, p), Instant.ofEpochMilli(l.expiresAt())));
            }
            return out;
        });
    }
}
