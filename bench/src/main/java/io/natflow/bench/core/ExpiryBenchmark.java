package io.natflow.bench.core;

import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.Protocol;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bulk expiry: one {@code expire(now)} call that removes 1,000,000 mappings (timers spread over
 * the idle period). Mappings/s = 1,000,000 / reported time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class ExpiryBenchmark {
    static final int SIZE = 1_000_000;
    Nat nat;

    @Setup(Level.Invocation)
    public void fill() {
        nat = new Nat(NatConfig.builder(NatCoreBenchmark.addressesFor(SIZE)).build(), new SplittableRandom(5), SIZE);
        for (int i = 0; i < SIZE; i++) {
            nat.translateOutbound(
                    Protocol.UDP,
                    NatCoreBenchmark.hostIp(i),
                    NatCoreBenchmark.hostPort(i),
                    NatCoreBenchmark.REMOTE,
                    53,
                    0,
                    i / 10);
        }
    }

    @Benchmark
    public List<?> expireMillion() {
        List<?> out = nat.expire(Long.MAX_VALUE / 2);
        if (out.size() != SIZE) {
            throw new IllegalStateException("expired " + out.size());
        }
        return out;
    }
}
