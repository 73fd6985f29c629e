package io.natflow.nat.rules;

/**
 * The fields of a packet that rules look at. Ports are 0 for protocols without them (ICMP's
 * identifier is not a port here).
 *
 * @param inPort  name of the switch port it arrived on
 * @param outPort name of the switch port it leaves through, null if not known yet
 */
public record PacketKey(
        Direction direction,
        int protocol,
        int source,
        int sourcePort,
        int destination,
        int destinationPort,
        String inPort,
        String outPort) {}
