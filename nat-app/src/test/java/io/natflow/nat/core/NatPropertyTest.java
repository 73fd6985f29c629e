package io.natflow.nat.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.natflow.nat.core.ForwardRule.PortForward;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Invariants over random operation sequences on a deliberately small NAT (few hosts, few
 * ports, short quarantine) so that exhaustion, quotas, quarantine and forwards all bite.
 */
class NatPropertyTest {
    private static final int PUB = Fixtures.PUB1;
    private static final int PORT_MIN = 2000;
    private static final int PORT_MAX = 2031;
    private static final int QUOTA = 6;
    private static final long QUARANTINE = 5_000;
    private static final PortForward FORWARD = new PortForward(Protocol.UDP, PUB, 2010, Fixtures.H3, 53, 4);
    /** What kind 5 swaps the forward with, back and forth: two more ports, given up again on the way back. */
    private static final PortForward WIDER = new PortForward(Protocol.UDP, PUB, 2010, Fixtures.H3, 53, 6);

    /** One step: kind 0-1 outbound, 2 inbound, 3 expire, 4 delete, 5 replace the forward. */
    record Op(int kind, int protocol, int host, int port, int remote, int advance) {}

    /** Random operation sequences; QuickTheories shrinks a failing one to a short example. */
    private static Gen<List<Op>> ops() {
        Gen<Integer> kind = integers().between(0, 5);
        Gen<Integer> protocol = integers().between(0, 2);
        Gen<Integer> host = integers().between(0, 5);
        Gen<Integer> port = integers().between(1990, 2040);
        Gen<Integer> remote = integers().between(0, 3);
        Gen<Integer> advance = integers().between(0, 4_000);
        Gen<Op> op = in -> new Op(
                kind.generate(in),
                protocol.generate(in),
                host.generate(in),
                port.generate(in),
                remote.generate(in),
                advance.generate(in));
        return lists().of(op).ofSizeBetween(1, 300);
    }

    @Test
    void invariantsHold() {
        qt().withExamples(300)
                .forAll(ops(), arbitrary().enumValues(FilteringMode.class))
                .checkAssert(this::run);
    }

    private void run(List<Op> ops, FilteringMode filtering) {
        NatConfig config = NatConfig.builder(PUB)
                .portRange(PORT_MIN, PORT_MAX)
                .perHostQuota(QUOTA)
                .quarantine(Duration.ofMillis(QUARANTINE))
                .udpTimeout(Duration.ofSeconds(20))
                .icmpTimeout(Duration.ofSeconds(10))
                .tcpTransitoryTimeout(Duration.ofSeconds(15))
                .filtering(filtering)
                .build();
        Nat nat = new Nat(config, new SplittableRandom(ops.size()), 16);
        assertInstanceOf(ForwardResult.Added.class, nat.addForward(FORWARD, 0));
        Map<String, Long> releasedAt = new HashMap<>();
        PortForward forward = FORWARD;
        long now = 0;
        for (Op op : ops) {
            now += op.advance();
            final long at = now;
            Protocol proto = Protocol.values()[op.protocol()];
            int host = Fixtures.H1 + op.host();
            int remote = Fixtures.SRV + op.remote();
            switch (op.kind()) {
                case 0, 1 -> {
                    OutboundDecision d = nat.translateOutbound(
                            proto, host, op.port(), remote, 53, proto == Protocol.TCP ? TcpFlags.SYN : 0, now);
                    if (d instanceof OutboundDecision.Translate t && t.created()) {
                        Mapping m = t.mapping();
                        Long released = releasedAt.get(key(m));
                        assertTrue(
                                released == null || now - released >= QUARANTINE,
                                "port reused inside quarantine: " + m);
                        boolean forwarded = m.protocol() == Protocol.UDP
                                && m.publicPort() >= 2010
                                && m.publicPort() < 2010 + forward.count();
                        assertEquals(forwarded, m.origin() == Origin.FORWARD, "forward port handed out: " + m);
                    }
                }
                case 2 -> nat.translateInbound(proto, remote, 53, PUB, op.port(), 0, now);
                case 3 -> nat.expire(now).forEach(m -> releasedAt.put(key(m), Math.min(at, m.expiresAt())));
                case 5 -> {
                    PortForward next = forward.equals(FORWARD) ? WIDER : FORWARD;
                    ReplaceResult r = nat.replaceForward(forward, next, now);
                    if (r instanceof ReplaceResult.Replaced) {
                        for (int port = 2010 + next.count(); port < 2010 + forward.count(); port++) {
                            releasedAt.put(Protocol.UDP + "/" + new Endpoint(PUB, port), at);
                        }
                        forward = next;
                    } else {
                        assertInstanceOf(ReplaceResult.Conflict.class, r);
                    }
                    assertEquals(List.of(forward), nat.forwards());
                }
                default -> {
                    Mapping victim = null;
                    for (Mapping m : nat.mappings()) {
                        victim = m;
                        break;
                    }
                    if (victim != null) {
                        nat.delete(victim.id(), at).ifPresent(m -> releasedAt.put(key(m), at));
                    }
                }
            }
            checkTable(nat);
        }
    }

    private static String key(Mapping m) {
        return m.protocol() + "/" + m.publicEndpoint();
    }

    private static void checkTable(Nat nat) {
        Set<String> publics = new HashSet<>();
        Set<String> internals = new HashSet<>();
        Map<Integer, Integer> perHost = new HashMap<>();
        for (Mapping m : nat.mappings()) {
            assertTrue(publics.add(key(m)), "two live mappings share " + key(m));
            assertTrue(internals.add(m.protocol() + "/" + m.internal()), "internal endpoint twice " + m);
            if (m.origin() == Origin.DYNAMIC) {
                perHost.merge(m.internalIp(), 1, Integer::sum);
                assertTrue(m.publicPort() >= PORT_MIN && m.publicPort() <= PORT_MAX);
            }
            assertTrue(m.expiresAt() > m.lastUsed(), "deadline after last use");
        }
        perHost.forEach((host, count) -> {
            assertTrue(count <= QUOTA, "quota broken for " + Ipv4.format(host));
            assertEquals(count, nat.hostMappings(host));
        });
        assertEquals(publics.size(), nat.size());
    }
}
