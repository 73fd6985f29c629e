package io.natflow.controller;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFRoleRequestFailedCode;
import org.projectfloodlight.openflow.protocol.errormsg.OFRoleRequestFailedErrorMsg;

/**
 * The switch answered a ROLE_REQUEST with OFPET_ROLE_REQUEST_FAILED. {@link #isStale()}: the
 * generation id was older than one the switch has seen, so another controller claimed mastership
 * with a newer one; this connection must not write (its role is set to SLAVE).
 */
public final class RoleRequestRefusedException extends RuntimeException {
    private final transient OFErrorMsg error;
    private final OFRoleRequestFailedCode code;
    private final SwitchRole requested;
    private final long generationId;

    public RoleRequestRefusedException(OFRoleRequestFailedErrorMsg error, SwitchRole requested, long generationId) {
        super("switch refused role " + requested + " with generation id " + Long.toUnsignedString(generationId) + ": "
                + error.getCode());
        this.error = error;
        this.code = error.getCode();
        this.requested = requested;
        this.generationId = generationId;
    }

    public OFRoleRequestFailedCode code() {
        return code;
    }

    public boolean isStale() {
        return code == OFRoleRequestFailedCode.STALE;
    }

    public SwitchRole requested() {
        return requested;
    }

    public long generationId() {
        return generationId;
    }

    public OFErrorMsg error() {
        return error;
    }
}
