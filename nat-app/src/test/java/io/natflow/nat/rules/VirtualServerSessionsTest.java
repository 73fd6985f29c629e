package io.natflow.nat.rules;

import static io.natflow.nat.core.Ipv4.parse;
import static io.natflow.nat.rules.VirtualServerFixtures.VIP;
import static io.natflow.nat.rules.VirtualServerFixtures.roundRobin;
import static io.natflow.nat.rules.VirtualServerFixtures.server;
import static io.natflow.nat.rules.VirtualServerFixtures.vserver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualServerSessionsTest {
    static final int TCP = 6;
    static final int CLIENT = parse("198.51.100.80");
    static final NatRule.VirtualServer FARM = roundRobin(10, "10.0.0.11:8080", "10.0.0.12:8080", "10.0.0.13:8080");

    final VirtualServerSessions table = new VirtualServerSessions(100);

    VirtualServerSessions.Session open(int rule, int clientPort) {
        return assertInstanceOf(VirtualServerSessions.Opened.class, table.open(rule, TCP, CLIENT, clientPort, 1000))
                .session();
    }

    VirtualServerSessions.ServerStats stats(int rule, String server) {
        return table.servers(rule).stream()
                .filter(s -> s.server().equals(server(server)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachNewConnectionGetsAServerAndKeepsItWhileItLives() {
        table.use(RuleList.of(List.of(FARM)));
        VirtualServerSessions.Session a = open(10, 40000);
        VirtualServerSessions.Session b = open(10, 40001);
        VirtualServerSessions.Session c = open(10, 40002);
        assertEquals(
                List.of(server("10.0.0.11:8080"), server("10.0.0.12:8080"), server("10.0.0.13:8080")),
                List.of(a.server(), b.server(), c.server()));
        assertEquals(a, open(10, 40000), "the same connection again: the same session");
        assertEquals(3, table.size());
        assertEquals(
                a,
                table.fromServer(TCP, parse("10.0.0.11"), 8080, CLIENT, 40000).orElseThrow());
        assertTrue(
                table.fromServer(TCP, parse("10.0.0.12"), 8080, CLIENT, 40000).isEmpty());
        assertEquals(VIP, a.publicAddress());
        assertEquals(80, a.publicPort());
        assertEquals(1, stats(10, "10.0.0.11:8080").chosen());
        assertEquals(1, stats(10, "10.0.0.11:8080").live());

        assertEquals(a, table.close(a.id(), 10, 1000).orElseThrow());
        assertTrue(table.find(10, TCP, CLIENT, 40000).isEmpty());
        VirtualServerSessions.ServerStats s = stats(10, "10.0.0.11:8080");
        assertEquals(0, s.live());
        assertEquals(10, s.packets());
        assertEquals(1000, s.bytes());
        assertTrue(table.close(a.id(), 1, 1).isEmpty(), "closed once");
        assertInstanceOf(VirtualServerSessions.NoSuchRule.class, table.open(99, TCP, CLIENT, 1, 0));
    }

    @Test
    void theTableIsBoundedAndCountsWhatItRefuses() {
        VirtualServerSessions small = new VirtualServerSessions(2);
        small.use(RuleList.of(List.of(FARM)));
        assertInstanceOf(VirtualServerSessions.Opened.class, small.open(10, TCP, CLIENT, 1, 0));
        assertInstanceOf(VirtualServerSessions.Opened.class, small.open(10, TCP, CLIENT, 2, 0));
        assertInstanceOf(VirtualServerSessions.Full.class, small.open(10, TCP, CLIENT, 3, 0));
        assertInstanceOf(VirtualServerSessions.Opened.class, small.open(10, TCP, CLIENT, 1, 0), "a live one still");
        assertEquals(1, small.refused());
        assertEquals(2, small.size());
    }

    @Test
    void aRemovedServerKeepsItsLiveSessionsAndNewConnectionsGoToTheRest() {
        table.use(RuleList.of(List.of(FARM)));
        VirtualServerSessions.Session onH1 = open(10, 40000);
        open(10, 40001);
        NatRule.VirtualServer without =
                FARM.withServers(VirtualServerFixtures.servers("10.0.0.12:8080", "10.0.0.13:8080"));
        assertEquals(List.of(), table.use(RuleList.of(List.of(without))), "no session ends");
        assertEquals(onH1, table.find(10, TCP, CLIENT, 40000).orElseThrow());
        VirtualServerSessions.ServerStats removed = stats(10, "10.0.0.11:8080");
        assertFalse(removed.listed());
        assertEquals(1, removed.live());
        assertEquals(3, table.servers(10).size(), "two listed, one removed but live");
        for (int port = 50000; port < 50010; port++) {
            assertFalse(open(10, port).server().equals(server("10.0.0.11:8080")));
        }
        assertEquals(
                11,
                stats(10, "10.0.0.12:8080").chosen()
                        + stats(10, "10.0.0.13:8080").chosen(),
                "counters kept across the replacement: 1 before, 10 after");
        assertEquals(1, stats(10, "10.0.0.11:8080").chosen());
        table.close(onH1.id(), 4, 400);
        assertEquals(2, table.servers(10).size(), "the removed server goes with its last session");
    }

    @Test
    void sessionsOfAVirtualServerThatWentOrMovedEndWithIt() {
        NatRule.VirtualServer other =
                vserver(20, parse("203.0.113.81"), 80, NatRule.VirtualServer.Scheduler.SOURCE_HASH, "10.0.0.11:8080");
        table.use(RuleList.of(List.of(FARM, other)));
        VirtualServerSessions.Session a = open(10, 40000);
        VirtualServerSessions.Session b = open(20, 40000);
        NatRule.VirtualServer moved =
                vserver(20, parse("203.0.113.82"), 80, NatRule.VirtualServer.Scheduler.SOURCE_HASH, "10.0.0.11:8080");
        assertEquals(List.of(b), table.use(RuleList.of(List.of(FARM, moved))), "a new endpoint: its sessions end");
        assertEquals(List.of(a), table.use(RuleList.of(List.of(moved))), "rule 10 deleted");
        assertEquals(0, table.size());
        assertEquals(List.of(), table.servers(10));
        assertEquals(1, table.servers(20).size());
        assertEquals(0, table.servers(20).get(0).chosen(), "a rule that changed its endpoint starts afresh");
    }

    @Test
    void endAllKeepsRulesAndCounters() {
        table.use(RuleList.of(List.of(FARM)));
        open(10, 1);
        open(10, 2);
        assertEquals(2, table.endAll().size());
        assertEquals(0, table.size());
        assertEquals(1, stats(10, "10.0.0.11:8080").chosen());
        assertEquals(0, stats(10, "10.0.0.11:8080").live());
        assertEquals(server("10.0.0.13:8080"), open(10, 3).server(), "the turn goes on");
    }
}
