package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import java.time.Instant;
import java.util.Locale;

/**
 * A forward the service knows: its id, router, the core's rule (the core's identity of the
 * forward), description, where it came from, and its number as a {@code dnat} rule (0: not
 * numbered yet; the service numbers it).
 */
record ForwardEntry(
        String id,
        long datapathId,
        PortForward rule,
        String description,
        Source source,
        Instant createdAt,
        int number) {

    enum Source {
        CONFIG,
        API
    }

    ForwardEntry withRule(PortForward newRule, String newDescription) {
        return new ForwardEntry(id, datapathId, newRule, newDescription, source, createdAt, number);
    }

    ForwardEntry numbered(int newNumber) {
        return new ForwardEntry(id, datapathId, rule, description, source, createdAt, newNumber);
    }

    /** "tcp 203.0.113.1:8000-8009 -> 10.0.0.13:80-89". */
    static String describe(PortForward r) {
        return r.protocol().name().toLowerCase(Locale.ROOT) + " " + Ipv4.format(r.publicIp()) + ":"
                + ports(r.publicPort(), r.count()) + " -> " + Ipv4.format(r.internalIp()) + ":"
                + ports(r.internalPort(), r.count());
    }

    String describe() {
        return "forward " + id + " (" + describe(rule) + (source == Source.CONFIG ? ", from natflow.yml" : "") + ")";
    }

    private static String ports(int first, int count) {
        return count == 1 ? String.valueOf(first) : first + "-" + (first + count - 1);
    }

    static boolean overlapsPublic(PortForward a, PortForward b) {
        return a.protocol() == b.protocol()
                && a.publicIp() == b.publicIp()
                && intersect(a.publicPort(), a.count(), b.publicPort(), b.count());
    }

    static boolean overlapsInternal(PortForward a, PortForward b) {
        return a.protocol() == b.protocol()
                && a.internalIp() == b.internalIp()
                && intersect(a.internalPort(), a.count(), b.internalPort(), b.count());
    }

    private static boolean intersect(int first1, int count1, int first2, int count2) {
        return first1 < first2 + count2 && first2 < first1 + count1;
    }
}
