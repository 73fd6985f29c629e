package io.natflow.nat.core;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;

/** Shared addresses and helpers; the topology of design.md. */
final class Fixtures {
    static final int PUB1 = Ipv4.parse("203.0.113.1");
    static final int PUB2 = Ipv4.parse("203.0.113.2");
    static final int H1 = Ipv4.parse("10.0.0.11");
    static final int H2 = Ipv4.parse("10.0.0.12");
    static final int H3 = Ipv4.parse("10.0.0.13");
    static final int SRV = Ipv4.parse("203.0.113.80");
    static final int SRV2 = Ipv4.parse("198.51.100.9");

    private Fixtures() {}

    static NatConfig.Builder config() {
        return NatConfig.builder(PUB1);
    }

    static Nat nat(NatConfig config) {
        return new Nat(config, new SplittableRandom(42), 16);
    }

    static Nat nat() {
        return nat(config().build());
    }

    static Endpoint ep(int ip, int port) {
        return new Endpoint(ip, port);
    }

    static OutboundDecision udpOut(Nat nat, int ip, int port, int rip, int rport, long now) {
        return nat.translateOutbound(OutboundPacket.udp(ep(ip, port), ep(rip, rport)), now);
    }

    static Mapping mapped(OutboundDecision d) {
        return assertInstanceOf(OutboundDecision.Translate.class, d).mapping();
    }

    static InboundDecision udpIn(Nat nat, int rip, int rport, Endpoint pub, long now) {
        return nat.translateInbound(InboundPacket.udp(ep(rip, rport), pub), now);
    }

    static Mapping admitted(InboundDecision d) {
        return assertInstanceOf(InboundDecision.Translate.class, d).mapping();
    }

    static RefuseReason refused(OutboundDecision d) {
        return assertInstanceOf(OutboundDecision.Refuse.class, d).reason();
    }

    static DropReason dropped(InboundDecision d) {
        return assertInstanceOf(InboundDecision.Drop.class, d).reason();
    }
}
