package io.natflow.nat.core;

/**
 * Per internal host: its paired public address, its count of dynamic mappings (RFC 6888 quota)
 * and of those mappings' sessions. An entry lives while the host has dynamic mappings; after
 * that the host may be paired to another address.
 */
final class HostTable {
    /** One host's entry; callers on the hot path read it once with {@link #find} and pass it on. */
    static final class Host {
        final int addressIndex;
        int mappings;
        int sessions;

        private Host(int addressIndex) {
            this.addressIndex = addressIndex;
        }
    }

    private final LongMap<Host> hosts = new LongMap<>(1024);

    /** The host's entry, or null if it has no dynamic mapping (so it is not paired). */
    Host find(int hostIp) {
        return hosts.get(Ipv4.unsigned(hostIp));
    }

    int mappings(int hostIp) {
        Host h = find(hostIp);
        return h == null ? 0 : h.mappings;
    }

    /** Counts one more dynamic mapping; {@code known} is {@code find(hostIp)}, looked up by the caller. */
    void add(Host known, int hostIp, int addressIndex) {
        Host h = known;
        if (h == null) {
            h = new Host(addressIndex);
            hosts.put(Ipv4.unsigned(hostIp), h);
        }
        h.mappings++;
    }

    int sessions(int hostIp) {
        Host h = find(hostIp);
        return h == null ? 0 : h.sessions;
    }

    /** One dynamic mapping with {@code sessions} sessions left. */
    void remove(int hostIp, int sessions) {
        long key = Ipv4.unsigned(hostIp);
        Host h = hosts.get(key);
        if (h == null) {
            return;
        }
        h.sessions -= sessions;
        if (--h.mappings == 0) {
            hosts.remove(key);
        }
    }
}
