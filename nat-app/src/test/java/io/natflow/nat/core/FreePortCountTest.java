package io.natflow.nat.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Nat#freePorts} counts what allocation can hand out: not used, not forwarded, not quarantined. */
class FreePortCountTest {
    private static final int PUB = Ipv4.parse("203.0.113.1");
    private static final int H1 = Ipv4.parse("10.0.0.11");
    private static final int SRV = Ipv4.parse("198.51.100.80");

    @Test
    void usedForwardedAndQuarantinedPortsAreNotFree() {
        Nat nat = new Nat(
                NatConfig.builder(PUB)
                        .portRange(2000, 2099)
                        .quarantine(Duration.ofSeconds(10))
                        .build(),
                new SplittableRandom(1),
                16);
        assertEquals(100, nat.freePorts(Protocol.UDP, PUB, 0));
        nat.addForward(new ForwardRule.PortForward(Protocol.UDP, PUB, 2050, H1, 53, 5), 0);
        assertEquals(95, nat.freePorts(Protocol.UDP, PUB, 0));
        long id = ((OutboundDecision.Translate) nat.translateOutbound(Protocol.UDP, H1, 2001, SRV, 53, 0, 0))
                .mapping()
                .id();
        assertEquals(94, nat.freePorts(Protocol.UDP, PUB, 0));
        assertEquals(100, nat.freePorts(Protocol.TCP, PUB, 0), "protocols are separate pools");
        nat.delete(id, 1_000);
        assertEquals(94, nat.freePorts(Protocol.UDP, PUB, 5_000), "in quarantine");
        assertEquals(95, nat.freePorts(Protocol.UDP, PUB, 11_001), "back after the quarantine");
        assertEquals(-1, nat.freePorts(Protocol.UDP, H1, 0), "not a pool address");
    }
}
