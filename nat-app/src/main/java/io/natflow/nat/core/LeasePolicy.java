package io.natflow.nat.core;

import java.util.List;

/**
 * What hosts may ask for themselves (PCP, NAT-PMP): whether they may at all, which public ports,
 * for how long at most, and how many leased forwards one host may hold at once.
 *
 * @param enabled             off: every lease request is refused
 * @param portRanges          public ports a lease may take, as {@code [first, last]} pairs
 * @param maxLifetimeSeconds  longer requests are granted this long (RFC 6887 §15: the server may shorten)
 * @param maxPerHost          leased forwards one internal host may hold
 */
public record LeasePolicy(boolean enabled, List<PortRange> portRanges, long maxLifetimeSeconds, int maxPerHost) {

    /** Most port ranges a policy takes (the server scans them for a free port). */
    public static final int MAX_RANGES = 64;
    /** RFC 6886 and RFC 6887 carry lifetimes in 32 bits; a day is plenty for a lease. */
    public static final long MAX_LIFETIME_CEILING = 86_400;

    public static final LeasePolicy DISABLED = new LeasePolicy(false, List.of(new PortRange(1024, 65535)), 3600, 16);

    /** Public ports {@code first..last}, both included. */
    public record PortRange(int first, int last) {
        public PortRange {
            if (first < 1 || last > 0xffff || first > last) {
                throw new IllegalArgumentException("bad port range " + first + "-" + last);
            }
        }

        public boolean contains(int port) {
            return port >= first && port <= last;
        }
    }

    public LeasePolicy {
        portRanges = List.copyOf(portRanges);
        if (portRanges.isEmpty() || portRanges.size() > MAX_RANGES) {
            throw new IllegalArgumentException("1.." + MAX_RANGES + " lease port ranges are needed");
        }
        if (maxLifetimeSeconds < 1 || maxLifetimeSeconds > MAX_LIFETIME_CEILING) {
            throw new IllegalArgumentException("lease max lifetime must be 1.." + MAX_LIFETIME_CEILING + " s");
        }
        if (maxPerHost < 1 || maxPerHost > 65535) {
            throw new IllegalArgumentException("lease max per host must be 1..65535");
        }
    }

    public boolean allows(int publicPort) {
        for (PortRange r : portRanges) {
            if (r.contains(publicPort)) {
                return true;
            }
        }
        return false;
    }
}
