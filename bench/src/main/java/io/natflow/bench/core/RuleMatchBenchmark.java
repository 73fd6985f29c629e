package io.natflow.bench.core;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.rules.Direction;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.PacketKey;
import io.natflow.nat.rules.PortRange;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.RuleMatch;
import io.natflow.nat.rules.RuleProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The controller's rule decision for a new session's first packet (RouterRules.decide):
 * {@code RuleList.firstMatch} over the default list (one masquerade rule) and over 100 rules
 * whose 99 skip/drop rules (destination, protocol and port criteria) all miss before the
 * masquerade rule takes the packet: the worst case of a 100-rule list.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RuleMatchBenchmark {
    @Param({"1", "100"})
    int rules;

    RuleList list;
    PacketKey[] packets;
    int next;

    @Setup
    public void build() {
        Prefix lan = Prefix.parse("10.0.0.0/16");
        List<NatRule> out = new ArrayList<>();
        for (int i = 1; i < rules; i++) {
            RuleMatch m = RuleMatch.OUTBOUND_ANY
                    .withDestination(Prefix.host(Ipv4.parse("192.0.2.0") + i))
                    .withProtocol(i % 2 == 0 ? RuleProtocol.TCP : RuleProtocol.UDP)
                    .withDestinationPorts(new PortRange(1000 + i, 1000 + 2 * i));
            out.add(
                    i % 3 == 0
                            ? new NatRule.Drop(i, m, Set.of(), "")
                            : new NatRule.Skip(i, m.withSource(lan), Set.of(), ""));
        }
        out.add(new NatRule.Masquerade(1000, RuleMatch.outboundFrom(lan), Set.of(), ""));
        list = RuleList.of(out);
        packets = new PacketKey[1024];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = new PacketKey(
                    Direction.OUTBOUND,
                    i % 2 == 0 ? 6 : 17,
                    NatCoreBenchmark.hostIp(i),
                    NatCoreBenchmark.hostPort(i),
                    NatCoreBenchmark.REMOTE + i,
                    443,
                    "s1-eth1",
                    "s1-eth4");
        }
    }

    @Benchmark
    public int firstMatch() {
        int i = list.firstMatch(packets[next++ & 1023]);
        if (i != rules - 1) {
            throw new IllegalStateException("matched rule at " + i);
        }
        return i;
    }
}
