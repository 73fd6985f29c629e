package io.natflow.nat.pcp;

import io.natflow.nat.core.LeasePolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The public ports a lease request tries, in order: the one asked for (if the policy allows
 * it), then the allowed ports after it, wrapping round to the first allowed one; at most
 * {@code max}, so a full policy range costs a bounded search.
 */
final class PortCandidates {
    private PortCandidates() {}

    static int[] of(LeasePolicy policy, int wanted, int max) {
        List<LeasePolicy.PortRange> ranges = new ArrayList<>(policy.portRanges());
        ranges.sort(Comparator.comparingInt(LeasePolicy.PortRange::first));
        int[] out = new int[max];
        int n = 0;
        if (policy.allows(wanted)) {
            out[n++] = wanted;
        }
        n = walk(ranges, wanted + 1, 0x10000, out, n);
        n = walk(ranges, 1, wanted, out, n);
        return java.util.Arrays.copyOf(out, n);
    }

    /** Appends allowed ports in {@code [from, to)} in ascending order, each once, until {@code out} is full. */
    private static int walk(List<LeasePolicy.PortRange> ranges, int from, int to, int[] out, int n) {
        int cursor = from;
        for (LeasePolicy.PortRange r : ranges) {
            for (int p = Math.max(r.first(), cursor); p <= r.last() && p < to && n < out.length; p++) {
                out[n++] = p;
            }
            cursor = Math.max(cursor, r.last() + 1);
        }
        return n;
    }
}
