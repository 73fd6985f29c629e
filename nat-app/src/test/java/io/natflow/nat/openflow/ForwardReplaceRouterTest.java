package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.LoggerFactory;

/** {@link NatRouter#replaceForward}: the old rule's sessions lose their flows and are logged as removed. */
class ForwardReplaceRouterTest {
    private static final int H3 = TestPackets.ip("10.0.0.13");
    private static final PortForward WEB = PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080),
            new Endpoint(H3, 80));
    private static final PortForward WEB_8000 = PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080),
            new Endpoint(H3, 8000));

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.natflow.mappings");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    private static Mapping inboundSession(RouterFixture r, int remotePort, long now) {
        r.miss(4, TestPackets.tcp(SRV, remotePort, PUBLIC_IP, 8080, TcpFlags.SYN, 0), now);
        return r.nat.lookupPublic(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080)).orElseThrow();
    }

    @Test
    void replacingDeletesTheOldSessionsFlowsByCookieAndLogsThem() {
        RouterFixture r = new RouterFixture(b -> b, List.<ForwardRule>of(WEB));
        Mapping session = inboundSession(r, 40000, 1_000);
        lines.list.clear();

        var change = r.router.replaceForward(WEB, WEB_8000, 2_000);

        var replaced = assertInstanceOf(ReplaceResult.Replaced.class, change.result());
        assertEquals(List.of(session), replaced.removedSessions());
        List<OFFlowDelete> deletes = only(change.messages(), OFFlowDelete.class);
        assertEquals(1, change.messages().size());
        assertEquals(U64.of(session.id()), deletes.get(0).getCookie());
        assertEquals(U64.NO_MASK, deletes.get(0).getCookieMask());
        assertEquals(List.of(WEB_8000), r.nat.forwards());
        assertEquals(1, lines.list.size());
        String line = lines.list.get(0).getFormattedMessage();
        assertTrue(line.contains("event=removed") && line.contains("id=" + session.id())
                && line.contains("reason=FORWARD_REMOVED"), line);
        assertEquals(new Endpoint(H3, 8000), inboundSession(r, 40001, 3_000).internal());
    }

    @Test
    void aConflictSendsNothingAndKeepsTheSession() {
        PortForward other = PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 9090), new Endpoint(H2, 80));
        RouterFixture r = new RouterFixture(b -> b, List.<ForwardRule>of(WEB, other));
        Mapping session = inboundSession(r, 40000, 1_000);
        lines.list.clear();

        var change = r.router.replaceForward(WEB,
                PortForward.single(Protocol.TCP, new Endpoint(PUBLIC_IP, 8080), new Endpoint(H2, 80)), 2_000);

        assertEquals(ForwardConflict.INTERNAL_ENDPOINT_TAKEN,
                assertInstanceOf(ReplaceResult.Conflict.class, change.result()).reason());
        assertTrue(change.messages().isEmpty());
        assertTrue(lines.list.isEmpty());
        assertTrue(r.nat.lookup(session.id()).isPresent());
        assertEquals(List.of(WEB, other), r.nat.forwards());
    }
}
