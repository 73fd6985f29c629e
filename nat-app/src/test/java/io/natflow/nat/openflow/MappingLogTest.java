package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.H1;
import static io.natflow.nat.openflow.RouterFixture.SRV;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every mapping's creation and removal is logged on io.natflow.mappings (RFC 6888 REQ-12). */
class MappingLogTest {
    @RegisterExtension
    final MappingLogLines log = new MappingLogLines();

    @Test
    void creationAndRemovalAreLoggedWithThePublicEndpoint() {
        RouterFixture r = new RouterFixture();
        var flows = RouterFixture.flowAdds(r.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 1_000), Tables.NAT);
        int publicPort = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000))
                .orElseThrow()
                .publicPort();
        var outbound = flows.stream()
                .filter(f -> f.getIdleTimeout() == 300)
                .findFirst()
                .orElseThrow();
        r.idleRemoval(outbound, 300, 1, 1_000 + 301_000); // the switch idled the session out

        List<String> messages = log.lines();
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(
                messages.get(0)
                        .startsWith("event=created switch=1 id=1 proto=UDP internal=10.0.0.11:5000 public=203.0.113.1:"
                                + publicPort + " remote=198.51.100.80:53 origin=DYNAMIC at=1000"),
                messages.get(0));
        assertTrue(
                messages.get(1).contains("event=removed")
                        && messages.get(1).contains("reason=FLOWS_REMOVED")
                        && messages.get(1).contains("lived_ms=301000"),
                messages.get(1));
    }
}
