package io.natflow.nat.core;

/**
 * Per internal host: its paired public address and its count of dynamic mappings (RFC 6888
 * quota). An entry lives while the host has dynamic mappings; after that the host may be
 * paired to another address.
 */
final class HostTable {
    /** One host's entry; callers on the hot path read it once with {@link #find} and pass it on. */
    static final class Host {
        final int addressIndex;
        int mappings;

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

    void remove(int hostIp) {
        long key = Ipv4.unsigned(hostIp);
        Host h = hosts.get(key);
        if (h != null && --h.mappings == 0) {
            hosts.remove(key);
        }
    }
}
