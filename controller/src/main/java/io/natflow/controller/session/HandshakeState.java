package io.natflow.controller.session;

/** Where a connection is in the OpenFlow handshake; names are what the logs show. */
public enum HandshakeState {
    /** Our HELLO is sent; waiting for the switch's HELLO to negotiate the version. */
    WAIT_HELLO,
    /** FEATURES_REQUEST sent; waiting for the datapath id. */
    WAIT_FEATURES_REPLY,
    /** SET_CONFIG, PORT_DESC request and BARRIER sent; waiting for every port-desc part. */
    WAIT_PORT_DESC,
    /** Ports known; waiting for the barrier that confirms SET_CONFIG was applied. */
    WAIT_BARRIER,
    /** Handshake complete: registered, table-miss sent, listeners told. */
    READY,
    /** Handshake failed; the connection is closing. */
    FAILED
}
