package io.natflow.nat.openflow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What later fragments need: they carry no ports, so they are translated by what the controller
 * learned from their first fragment (same source, destination, protocol and IP id) or, when the
 * first fragment crossed the datapath unseen, by the host's public address (outbound) or the last
 * internal host with a session to that remote (inbound). Bounded LRU maps.
 */
final class FragmentTracker {
    private static final int MAX_ENTRIES = 65_536;

    private final Map<Datagram, Integer> byDatagram = lru();
    private final Map<RemoteKey, Integer> internalByRemote = lru();
    private final Map<Integer, Integer> publicByHost = lru();

    /** The first fragment of (src, dst, protocol, id) had its address rewritten to {@code translated}. */
    void recordDatagram(int src, int dst, int protocol, int ipId, int translated) {
        byDatagram.put(new Datagram(src, dst, protocol, ipId), translated);
    }

    Integer translatedAddress(int src, int dst, int protocol, int ipId) {
        return byDatagram.get(new Datagram(src, dst, protocol, ipId));
    }

    void recordSession(int protocol, int internalIp, int publicIp, int remoteIp) {
        publicByHost.put(internalIp, publicIp);
        internalByRemote.put(new RemoteKey(protocol, publicIp, remoteIp), internalIp);
    }

    Integer publicAddressOf(int internalIp) {
        return publicByHost.get(internalIp);
    }

    Integer internalHostFor(int protocol, int publicIp, int remoteIp) {
        return internalByRemote.get(new RemoteKey(protocol, publicIp, remoteIp));
    }

    private record Datagram(int src, int dst, int protocol, int ipId) {}

    private record RemoteKey(int protocol, int publicIp, int remoteIp) {
        /**
         * The record's default hash (31 * h + field) puts addresses of one /24 on a few thousand
         * values: long bucket chains, a sixth of the controller's flow-setup CPU with many
         * sessions to a few servers (docs/benchmarks.md, flow-setup profile). Mix the bits instead.
         */
        @Override
        public int hashCode() {
            long h = (((long) publicIp << 32) | (remoteIp & 0xffff_ffffL)) * 0x9E37_79B9_7F4A_7C15L + protocol;
            return (int) (h ^ (h >>> 29));
        }
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
