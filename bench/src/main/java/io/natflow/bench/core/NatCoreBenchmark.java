package io.natflow.bench.core;

import io.natflow.nat.core.InboundDecision;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Core rates on one thread: lookups of existing mappings (outbound and inbound, each also
 * refreshing the timer), new-mapping allocation, and churn (allocate + expire in steady state).
 * Run: {@code java -jar bench/target/benchmarks.jar NatCore -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NatCoreBenchmark {
    static final int FIRST_PUBLIC = 0xCB007100; // 203.0.113.0
    static final int FIRST_HOST = 0x0A000000; // 10.0.0.0
    static final int REMOTE = 0xC6336409; // 198.51.100.9
    static final int PORTS_PER_HOST = 16;

    static int[] addresses(int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = FIRST_PUBLIC + 1 + i;
        }
        return out;
    }

    /** Enough public addresses for {@code mappings} (about 60,000 ports each). */
    static int[] addressesFor(int mappings) {
        return addresses(mappings / 60_000 + 1);
    }

    /** Mapping {@code i}'s internal endpoint: PORTS_PER_HOST ports per host, hosts from 10.0.0.1. */
    static int hostIp(int i) {
        return FIRST_HOST + 1 + i / PORTS_PER_HOST;
    }

    static int hostPort(int i) {
        return 10_000 + i % PORTS_PER_HOST;
    }

    /** A NAT already holding {@code size} UDP mappings, and the packets that hit them. */
    @State(Scope.Thread)
    public static class Populated {
        @Param({"1000000"})
        int size;

        Nat nat;
        int[] hostIp;
        int[] hostPort;
        int[] publicIp;
        int[] publicPort;
        int cursor;
        long now = 1;

        @Setup(Level.Trial)
        public void fill() {
            nat = new Nat(
                    NatConfig.builder(addressesFor(size)).maxMappings(size * 2).build(), new SplittableRandom(1), size);
            hostIp = new int[size];
            hostPort = new int[size];
            publicIp = new int[size];
            publicPort = new int[size];
            for (int i = 0; i < size; i++) {
                hostIp[i] = hostIp(i);
                hostPort[i] = hostPort(i);
                OutboundDecision.Translate t = (OutboundDecision.Translate)
                        nat.translateOutbound(Protocol.UDP, hostIp[i], hostPort[i], REMOTE, 53, 0, now);
                publicIp[i] = t.mapping().publicIp();
                publicPort[i] = t.mapping().publicPort();
            }
            // visit mappings in a random order so the caches see realistic misses
            SplittableRandom r = new SplittableRandom(2);
            for (int i = size - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                swap(hostIp, i, j);
                swap(hostPort, i, j);
                swap(publicIp, i, j);
                swap(publicPort, i, j);
            }
        }

        private static void swap(int[] a, int i, int j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }

        int next() {
            int i = cursor;
            cursor = i + 1 == size ? 0 : i + 1;
            return i;
        }
    }

    @Benchmark
    public OutboundDecision lookupOutbound(Populated s) {
        int i = s.next();
        return s.nat.translateOutbound(Protocol.UDP, s.hostIp[i], s.hostPort[i], REMOTE, 53, 0, s.now);
    }

    @Benchmark
    public InboundDecision lookupInbound(Populated s) {
        int i = s.next();
        return s.nat.translateInbound(Protocol.UDP, REMOTE, 53, s.publicIp[i], s.publicPort[i], 0, s.now);
    }

    /** An empty NAT with room for ~8 M mappings, reset every iteration. */
    @State(Scope.Thread)
    public static class Empty {
        Nat nat;
        int n;

        @Setup(Level.Iteration)
        public void reset() {
            nat = new Nat(
                    NatConfig.builder(addresses(128)).maxMappings(16_000_000).build(),
                    new SplittableRandom(3),
                    1 << 20);
            n = 0;
        }
    }

    @Benchmark
    public OutboundDecision allocate(Empty s) {
        int i = s.n++;
        return s.nat.translateOutbound(Protocol.UDP, hostIp(i), hostPort(i), REMOTE, 53, 0, 1);
    }

    /**
     * Steady state: each op creates one mapping and expires the one created a timeout ago
     * (100 k live mappings, ports recycled through the 120 s quarantine).
     */
    @State(Scope.Thread)
    public static class Churn {
        static final int LIVE = 100_000;
        Nat nat;
        long now;
        int n;

        @Setup(Level.Iteration)
        public void reset() {
            nat = new Nat(
                    NatConfig.builder(addresses(16))
                            .udpTimeout(Duration.ofMillis(LIVE))
                            .quarantine(Duration.ofMillis(LIVE))
                            .build(),
                    new SplittableRandom(4),
                    LIVE * 2);
            now = 0;
            n = 0;
        }
    }

    @Benchmark
    public int churn(Churn s) {
        int i = s.n++ & ((1 << 22) - 1);
        s.nat.translateOutbound(Protocol.UDP, hostIp(i), hostPort(i), REMOTE, 53, 0, ++s.now);
        return s.nat.expire(s.now).size();
    }
}
