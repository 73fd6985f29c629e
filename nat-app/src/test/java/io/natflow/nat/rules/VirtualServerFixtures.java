package io.natflow.nat.rules;

import static io.natflow.nat.core.Ipv4.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Virtual server rules for the tests: TCP 203.0.113.80:80 over LAN hosts' port 8080. */
final class VirtualServerFixtures {
    static final int VIP = parse("203.0.113.80");
    static final RuleMatch INBOUND_ANY = new RuleMatch(
            Direction.INBOUND,
            Prefix.ANY,
            Prefix.ANY,
            PortRange.ANY,
            PortRange.ANY,
            RuleProtocol.TCP,
            null,
            null,
            false);

    private VirtualServerFixtures() {}

    static NatRule.VirtualServer.Server server(String ipPort) {
        return NatRule.VirtualServer.Server.parse(ipPort);
    }

    static List<NatRule.VirtualServer.Server> servers(String... ipPorts) {
        List<NatRule.VirtualServer.Server> out = new ArrayList<>();
        for (String s : ipPorts) {
            out.add(server(s));
        }
        return out;
    }

    static NatRule.VirtualServer vserver(
            int number, int publicAddress, int port, NatRule.VirtualServer.Scheduler scheduler, String... ipPorts) {
        return new NatRule.VirtualServer(
                number, INBOUND_ANY, Set.of(), "", RuleProtocol.TCP, publicAddress, port, servers(ipPorts), scheduler);
    }

    static NatRule.VirtualServer roundRobin(int number, String... ipPorts) {
        return vserver(number, VIP, 80, NatRule.VirtualServer.Scheduler.ROUND_ROBIN, ipPorts);
    }
}
