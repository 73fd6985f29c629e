package io.natflow.nat.core;

/** Why a mapping exists; decides whether its port returns to the dynamic pool and quota. */
public enum Origin {
    /** Created by outbound traffic; port from the dynamic pool; counts against the host quota. */
    DYNAMIC,
    /** Session of a port forward or static address mapping; its port stays reserved. */
    FORWARD,
    /** Created by unsolicited inbound traffic sent to the DMZ host. */
    DMZ
}
