package io.natflow.rest.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One rule as JSON: the body of {@code POST /api/rules} and {@code PUT /api/rules/{number}}, an
 * entry of {@code rules:} in natflow.yml and of the rule store. Every criterion left out matches
 * everything. An unknown field is an error, so a misspelt one is not silently dropped.
 *
 * @param number           1-65535; on POST default: the next multiple of 10 above the last rule's
 * @param kind             masquerade | static | vserver | skip | drop | dnat (a port forward: {@code /api/forwards}
 *                         lists it too)
 * @param direction        outbound (default: arrived on a LAN port) | inbound (arrived on the WAN port)
 * @param source           an address or prefix ("10.0.0.0/24"), default any
 * @param sourcePorts      a port or range ("1024-2047"), TCP/UDP only, default any
 * @param protocol         tcp | udp | icmp | any (default)
 * @param inPort           the switch port (by its configured name) the packet arrives on
 * @param outPort          the switch port it leaves through
 * @param reverse          also match the reverse direction (skip and drop rules)
 * @param flags            "disabled": kept in the list, matches nothing
 * @param privateAddress   static: the LAN host
 * @param publicAddress    static: its public address; vserver: the virtual server's address (for both: not
 *                         one of publicAddresses, the masquerade pool); dnat: one of publicAddresses,
 *                         default the first
 * @param publicPort       vserver: the public port
 * @param servers          vserver: the real servers, "ip:port" each, 1 to 64
 * @param scheduler        vserver: round-robin (default) | source-hash
 * @param publicPorts      dnat: the public port or range ("8000-8009")
 * @param internalAddress  dnat: the LAN host
 * @param internalPort     dnat: its first port, or a range as long as publicPorts; default: publicPorts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleBody(
        Integer number,
        String kind,
        String description,
        List<String> flags,
        String direction,
        String source,
        String destination,
        String sourcePorts,
        String destinationPorts,
        String protocol,
        String inPort,
        String outPort,
        Boolean reverse,
        String privateAddress,
        String publicAddress,
        Integer publicPort,
        List<String> servers,
        String scheduler,
        String publicPorts,
        String internalAddress,
        String internalPort) {}
