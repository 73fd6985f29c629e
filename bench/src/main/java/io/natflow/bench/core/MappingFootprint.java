package io.natflow.bench.core;

import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import java.util.SplittableRandom;

/**
 * Heap bytes per live mapping at 1,000,000 mappings: used heap after GC with the mappings,
 * minus used heap after GC with an empty NAT. Everything the mappings need is counted (indexes,
 * timers, per-host state, port pools of the 17 addresses they use). Run with
 * {@code java -cp bench/target/benchmarks.jar -Xmx2g io.natflow.bench.core.MappingFootprint}.
 */
public final class MappingFootprint {
    private MappingFootprint() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean presized = args.length < 2 || Boolean.parseBoolean(args[1]);
        NatConfig config =
                NatConfig.builder(NatCoreBenchmark.addressesFor(size)).build();
        long before = usedAfterGc();
        Nat nat = new Nat(config, new SplittableRandom(6), presized ? size : 16);
        long empty = usedAfterGc();
        for (int i = 0; i < size; i++) {
            OutboundDecision d = nat.translateOutbound(
                    Protocol.UDP,
                    NatCoreBenchmark.hostIp(i),
                    NatCoreBenchmark.hostPort(i),
                    NatCoreBenchmark.REMOTE,
                    53,
                    0,
                    i / 100);
            if (!(d instanceof OutboundDecision.Translate)) {
                throw new IllegalStateException("refused at " + i + ": " + d);
            }
        }
        long full = usedAfterGc();
        System.out.printf(
                "mappings=%d presized=%b emptyNat=%d B total=%d B bytesPerMapping=%.1f%n",
                nat.size(), presized, empty - before, full - empty, (full - empty) / (double) nat.size());
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
