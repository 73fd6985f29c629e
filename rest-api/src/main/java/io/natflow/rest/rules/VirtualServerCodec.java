package io.natflow.rest.rules;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.RuleFlag;
import io.natflow.nat.rules.RuleMatch;
import io.natflow.nat.rules.RuleProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The vserver kind of {@link RuleCodec}: public endpoint, servers and scheduler from a {@link RuleBody}. */
final class VirtualServerCodec {
    private VirtualServerCodec() {}

    static NatRule.VirtualServer rule(
            RuleBody b, int number, RuleMatch match, Set<RuleFlag> flags, String description) {
        if (b.privateAddress() != null) {
            throw new IllegalArgumentException("privateAddress belongs to static rules; a vserver has servers");
        }
        if (b.publicAddress() == null || b.publicPort() == null) {
            throw new IllegalArgumentException("a vserver rule needs publicAddress and publicPort");
        }
        if (b.publicPort() < 1 || b.publicPort() > 65535) {
            throw new IllegalArgumentException("publicPort must be 1-65535, got " + b.publicPort());
        }
        RuleProtocol protocol = RuleCodec.protocol(b.protocol());
        if (!protocol.hasPorts()) {
            throw new IllegalArgumentException("a vserver rule's protocol must be tcp or udp, got '"
                    + (b.protocol() == null ? "any" : b.protocol()) + "'");
        }
        if (!match.destination().isAny() || !match.destinationPorts().isAny()) {
            throw new IllegalArgumentException(
                    "a vserver rule's destination is its publicAddress and publicPort; leave destination and"
                            + " destinationPorts out");
        }
        List<String> texts = b.servers();
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("a vserver rule needs servers (ip:port each)");
        }
        if (texts.size() > NatRule.VirtualServer.MAX_SERVERS) {
            throw new IllegalArgumentException(
                    "servers: at most " + NatRule.VirtualServer.MAX_SERVERS + ", got " + texts.size());
        }
        List<NatRule.VirtualServer.Server> servers = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            servers.add(RuleCodec.field("servers[" + i + "]", texts.get(i), NatRule.VirtualServer.Server::parse));
        }
        NatRule.VirtualServer.Scheduler scheduler = b.scheduler() == null
                ? NatRule.VirtualServer.Scheduler.ROUND_ROBIN
                : RuleCodec.field("scheduler", b.scheduler(), NatRule.VirtualServer.Scheduler::parse);
        return new NatRule.VirtualServer(
                number,
                match,
                flags,
                description,
                protocol,
                RuleCodec.field("publicAddress", b.publicAddress(), Ipv4::parse),
                b.publicPort(),
                servers,
                scheduler);
    }
}
