package io.natflow.controller;

import org.projectfloodlight.openflow.protocol.OFControllerRole;

/**
 * This controller's OpenFlow 1.3 role on one switch connection. EQUAL is where every connection
 * starts (roles not in use: full access, as a single controller); MASTER has full access and is
 * unique per switch; SLAVE may read but not change the switch.
 */
public enum SwitchRole {
    EQUAL(OFControllerRole.ROLE_EQUAL),
    MASTER(OFControllerRole.ROLE_MASTER),
    SLAVE(OFControllerRole.ROLE_SLAVE);

    private final OFControllerRole wire;

    SwitchRole(OFControllerRole wire) {
        this.wire = wire;
    }

    public OFControllerRole wire() {
        return wire;
    }

    /** Whether a connection in this role may send state-changing messages (FLOW_MOD, PACKET_OUT …). */
    public boolean mayChangeState() {
        return this != SLAVE;
    }

    /** @throws IllegalArgumentException for ROLE_NOCHANGE, which is no role */
    public static SwitchRole of(OFControllerRole wire) {
        for (SwitchRole role : values()) {
            if (role.wire == wire) {
                return role;
            }
        }
        throw new IllegalArgumentException("not a role: " + wire);
    }
}
