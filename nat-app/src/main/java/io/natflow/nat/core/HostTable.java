package io.natflow.nat.core;

/**
 * Per internal host: its paired public address and its count of dynamic mappings (RFC 6888
 * quota). An entry lives while the host has dynamic mappings; after that the host may be
 * paired to another address.
 */
final class HostTable {
    private static final class Host {
        final int addressIndex;
        int mappings;

        Host(int addressIndex) {
            this.addressIndex = addressIndex;
        }
    }

    private final LongMap<Host> hosts = new LongMap<>(1024);

    /** The address index the host is paired with, or -1 if it has no dynamic mapping. */
    int pairedAddress(int hostIp) {
        Host h = hosts.get(Ipv4.unsigned(hostIp));
        return h == null ? -1 : h.addressIndex;
    }

    int mappings(int hostIp) {
        Host h = hosts.get(Ipv4.unsigned(hostIp));
        return h == null ? 0 : h.mappings;
    }

    void add(int hostIp, int addressIndex) {
        long key = Ipv4.unsigned(hostIp);
        Host h = hosts.get(key);
        if (h == null) {
            h = new Host(addressIndex);
            hosts.put(key, h);
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
