package io.natflow.controller;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;

/** A request was answered by an OFPT_ERROR from the switch. */
public final class OpenFlowErrorException extends RuntimeException {
    private final transient OFErrorMsg error;

    public OpenFlowErrorException(OFErrorMsg error) {
        super("switch answered with " + error.getErrType() + ": " + error);
        this.error = error;
    }

    public OFErrorMsg error() {
        return error;
    }
}
