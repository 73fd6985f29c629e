package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardConflict;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.types.U64;

/** {@link NatRouter#replaceForward}: the old rule's sessions lose their flows and are logged as removed. */
class ForwardReplaceRouterTest {
    private static final int H3 = TestPackets.ip("10.0.0.13");
    private static final PortForward WEB =
            PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080), new Endpoint(H3, 80));
    private static final PortForward WEB_8000 =
            PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080), new Endpoint(H3, 8000));

    @RegisterExtension
    final MappingLogLines log = new MappingLogLines();

    private static Mapping inboundSession(RouterFixture r, int remotePort, long now) {
        r.miss(4, TestPackets.tcp(SRV, remotePort, PUBLIC_IP, 8080, TcpFlags.SYN, 0), now);
        return r.nat.lookupPublic(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080)).orElseThrow();
    }

    @Test
    void replacingDeletesTheOldSessionsFlowsByCookieAndLogsThem() {
        RouterFixture r = new RouterFixture(b -> b, List.<ForwardRule>of(WEB));
        Mapping session = inboundSession(r, 40000, 1_000);
        log.clear();

        var change = r.router.replaceForward(WEB, WEB_8000, 2_000);

        var replaced = assertInstanceOf(ReplaceResult.Replaced.class, change.result());
        assertEquals(List.of(session), replaced.removedSessions());
        List<OFFlowDelete> deletes = only(change.messages(), OFFlowDelete.class);
        assertEquals(1, change.messages().size());
        assertEquals(U64.of(session.id()), deletes.get(0).getCookie());
        assertEquals(U64.NO_MASK, deletes.get(0).getCookieMask());
        assertEquals(List.of(WEB_8000), r.nat.forwards());
        assertEquals(1, log.lines().size());
        String line = log.lines().get(0);
        assertTrue(
                line.contains("event=removed")
                        && line.contains("id=" + session.id())
                        && line.contains("reason=FORWARD_REMOVED"),
                line);
        assertEquals(new Endpoint(H3, 8000), inboundSession(r, 40001, 3_000).internal());
    }

    @Test
    void aConflictSendsNothingAndKeepsTheSession() {
        PortForward other = PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 9090), new Endpoint(H2, 80));
        RouterFixture r = new RouterFixture(b -> b, List.<ForwardRule>of(WEB, other));
        Mapping session = inboundSession(r, 40000, 1_000);
        log.clear();

        var change = r.router.replaceForward(
                WEB, PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080), new Endpoint(H2, 80)), 2_000);

        assertEquals(
                ForwardConflict.INTERNAL_ENDPOINT_TAKEN,
                assertInstanceOf(ReplaceResult.Conflict.class, change.result()).reason());
        assertTrue(change.messages().isEmpty());
        assertTrue(log.lines().isEmpty());
        assertTrue(r.nat.lookup(session.id()).isPresent());
        assertEquals(List.of(WEB, other), r.nat.forwards());
    }
}
