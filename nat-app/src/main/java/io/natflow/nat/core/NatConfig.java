package io.natflow.nat.core;

import java.time.Duration;
import java.util.Arrays;

/**
 * Immutable NAT configuration. Build with {@link #builder(int...)}; every default is the RFC
 * value. Timers are millis; {@link Builder} takes {@link Duration}s.
 *
 * @param publicAddresses      pool of public IPv4 addresses (paired pooling: a host keeps one)
 * @param portMin              lowest dynamic port / ICMP identifier (default 1024)
 * @param portMax              highest dynamic port / ICMP identifier (default 65535)
 * @param filtering            inbound filtering mode (default address-and-port-dependent)
 * @param unsolicited          policy for unsolicited inbound traffic (default drop)
 * @param dmzHost              DMZ host address, used when {@code unsolicited == DMZ}
 * @param udpTimeoutMillis     UDP mapping idle timeout (default 300 s, RFC 4787 REQ-5)
 * @param tcpEstablishedMillis TCP established idle timeout (default 7440 s, RFC 5382 REQ-5)
 * @param tcpTransitoryMillis  TCP transitory idle timeout (default 240 s)
 * @param icmpTimeoutMillis    ICMP query idle timeout (default 60 s, RFC 5508 REQ-1)
 * @param quarantineMillis     delay before a released port can be handed out again (default 120 s)
 * @param perHostQuota         max dynamic mappings per internal host, all protocols (RFC 6888 REQ-4)
 * @param maxMappings          global cap on live mappings
 * @param preserveParity       try to keep the port parity (RFC 4787 REQ-3, MAY)
 * @param udpInboundRefresh    inbound UDP refreshes the mapping (RFC 4787 REQ-6 b, MAY; default off)
 * @param maxRemotesPerMapping bound on the remote endpoints a mapping remembers for filtering
 * @param perHostSessions      max sessions (remote endpoints with flows) over an internal host's
 *                             dynamic mappings (RFC 6888 REQ-5)
 * @param perMappingSessions   max sessions of one mapping, any origin (RFC 6888 REQ-5)
 * @param refusalReply         what the sender of a session refused for a limit is told
 * @param leases               the policy for forwards hosts lease themselves (PCP, NAT-PMP)
 */
public record NatConfig(
        int[] publicAddresses,
        int portMin,
        int portMax,
        FilteringMode filtering,
        UnsolicitedPolicy unsolicited,
        int dmzHost,
        long udpTimeoutMillis,
        long tcpEstablishedMillis,
        long tcpTransitoryMillis,
        long icmpTimeoutMillis,
        long quarantineMillis,
        int perHostQuota,
        int maxMappings,
        boolean preserveParity,
        boolean udpInboundRefresh,
        int maxRemotesPerMapping,
        int perHostSessions,
        int perMappingSessions,
        RefusalReply refusalReply,
        LeasePolicy leases) {

    public NatConfig {
        publicAddresses = publicAddresses.clone();
        Arrays.sort(publicAddresses);
        if (publicAddresses.length == 0) {
            throw new IllegalArgumentException("at least one public address is needed");
        }
        for (int i = 1; i < publicAddresses.length; i++) {
            if (publicAddresses[i] == publicAddresses[i - 1]) {
                throw new IllegalArgumentException("duplicate public address " + Ipv4.format(publicAddresses[i]));
            }
        }
        if (portMin < 1 || portMax > 0xffff || portMin > portMax) {
            throw new IllegalArgumentException("bad port range " + portMin + "-" + portMax);
        }
        if (unsolicited == UnsolicitedPolicy.DMZ && dmzHost == 0) {
            throw new IllegalArgumentException("DMZ policy needs a DMZ host");
        }
        if (udpTimeoutMillis <= 0
                || tcpEstablishedMillis <= 0
                || tcpTransitoryMillis <= 0
                || icmpTimeoutMillis <= 0
                || quarantineMillis < 0) {
            throw new IllegalArgumentException("timers must be positive");
        }
        if (perHostQuota < 1 || maxMappings < 1 || maxRemotesPerMapping < 1 || maxRemotesPerMapping > 127) {
            throw new IllegalArgumentException("quota and cap must be at least 1, remote bound 1..127");
        }
        if (publicAddresses.length > 4096) {
            throw new IllegalArgumentException("at most 4096 public addresses");
        }
        if (filtering == null || unsolicited == null || refusalReply == null || leases == null) {
            throw new IllegalArgumentException(
                    "filtering, unsolicited policy, refusal reply and lease policy are required");
        }
        if (perHostSessions < 1 || perMappingSessions < 1) {
            throw new IllegalArgumentException("session limits must be at least 1");
        }
    }

    /** Defensive copy: the record must stay immutable. */
    @Override
    public int[] publicAddresses() {
        return publicAddresses.clone();
    }

    int addressCount() {
        return publicAddresses.length;
    }

    int address(int index) {
        return publicAddresses[index];
    }

    /** Index of {@code ip} in the pool, or a negative number. */
    int addressIndex(int ip) {
        return Arrays.binarySearch(publicAddresses, ip);
    }

    boolean inDynamicRange(int port) {
        return port >= portMin && port <= portMax;
    }

    public static Builder builder(int... publicAddresses) {
        return new Builder(publicAddresses);
    }

    public static Builder builder(String... publicAddresses) {
        return new Builder(Arrays.stream(publicAddresses).mapToInt(Ipv4::parse).toArray());
    }

    /** Fluent builder holding the RFC defaults. */
    public static final class Builder {
        private final int[] addresses;
        private int portMin = 1024;
        private int portMax = 65535;
        private FilteringMode filtering = FilteringMode.ADDRESS_AND_PORT_DEPENDENT;
        private UnsolicitedPolicy unsolicited = UnsolicitedPolicy.DROP;
        private int dmzHost;
        private Duration udp = Duration.ofMinutes(5);
        private Duration tcpEstablished = Duration.ofSeconds(7440);
        private Duration tcpTransitory = Duration.ofMinutes(4);
        private Duration icmp = Duration.ofSeconds(60);
        private Duration quarantine = Duration.ofSeconds(120);
        private int perHostQuota = 65536;
        private int maxMappings = 4_000_000;
        private boolean preserveParity;
        private boolean udpInboundRefresh;
        private int maxRemotes = 16;
        private int perHostSessions = 1 << 20;
        private int perMappingSessions = 1 << 16;
        private RefusalReply refusalReply = RefusalReply.ADMIN_PROHIBITED;
        private LeasePolicy leases = LeasePolicy.DISABLED;

        private Builder(int[] addresses) {
            this.addresses = addresses.clone();
        }

        public Builder portRange(int min, int max) {
            portMin = min;
            portMax = max;
            return this;
        }

        public Builder filtering(FilteringMode mode) {
            filtering = mode;
            return this;
        }

        public Builder unsolicited(UnsolicitedPolicy policy) {
            unsolicited = policy;
            return this;
        }

        public Builder dmzHost(int ip) {
            unsolicited = UnsolicitedPolicy.DMZ;
            dmzHost = ip;
            return this;
        }

        public Builder udpTimeout(Duration d) {
            udp = d;
            return this;
        }

        public Builder tcpEstablishedTimeout(Duration d) {
            tcpEstablished = d;
            return this;
        }

        public Builder tcpTransitoryTimeout(Duration d) {
            tcpTransitory = d;
            return this;
        }

        public Builder icmpTimeout(Duration d) {
            icmp = d;
            return this;
        }

        public Builder quarantine(Duration d) {
            quarantine = d;
            return this;
        }

        public Builder perHostQuota(int q) {
            perHostQuota = q;
            return this;
        }

        public Builder maxMappings(int cap) {
            maxMappings = cap;
            return this;
        }

        public Builder preserveParity(boolean on) {
            preserveParity = on;
            return this;
        }

        public Builder udpInboundRefresh(boolean on) {
            udpInboundRefresh = on;
            return this;
        }

        public Builder maxRemotesPerMapping(int n) {
            maxRemotes = n;
            return this;
        }

        public Builder perHostSessions(int n) {
            perHostSessions = n;
            return this;
        }

        public Builder perMappingSessions(int n) {
            perMappingSessions = n;
            return this;
        }

        public Builder refusalReply(RefusalReply reply) {
            refusalReply = reply;
            return this;
        }

        public Builder leases(LeasePolicy policy) {
            leases = policy;
            return this;
        }

        public NatConfig build() {
            return new NatConfig(
                    addresses,
                    portMin,
                    portMax,
                    filtering,
                    unsolicited,
                    dmzHost,
                    udp.toMillis(),
                    tcpEstablished.toMillis(),
                    tcpTransitory.toMillis(),
                    icmp.toMillis(),
                    quarantine.toMillis(),
                    perHostQuota,
                    maxMappings,
                    preserveParity,
                    udpInboundRefresh,
                    maxRemotes,
                    perHostSessions,
                    perMappingSessions,
                    refusalReply,
                    leases);
        }
    }
}
