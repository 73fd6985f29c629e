package io.natflow.nat.rules;

/** Where a packet is going: {@code OUTBOUND} arrived on a LAN port, {@code INBOUND} on the WAN port. */
public enum Direction {
    OUTBOUND,
    INBOUND;

    public Direction reverse() {
        return this == OUTBOUND ? INBOUND : OUTBOUND;
    }
}
