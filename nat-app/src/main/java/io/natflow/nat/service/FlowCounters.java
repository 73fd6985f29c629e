package io.natflow.nat.service;

/**
 * A mapping's flow counters read from its switch, summed over its sessions, per direction.
 *
 * @param readAt epoch milliseconds of the read
 */
public record FlowCounters(Traffic outbound, Traffic inbound, long readAt) {

    /** Packets and bytes of one direction. */
    public record Traffic(long packets, long bytes) {}
}
