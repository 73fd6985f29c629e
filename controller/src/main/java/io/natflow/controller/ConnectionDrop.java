package io.natflow.controller;

/** Why the controller closed or refused an OpenFlow connection to protect itself. */
public enum ConnectionDrop {
    /** More connections than {@link ConnectionLimits#maxConnections()} were open. */
    TOO_MANY_CONNECTIONS,
    /** The peer's first message was not HELLO. */
    NOT_HELLO_FIRST,
    /** The switch reported more ports than {@link ConnectionLimits#maxPorts()}. */
    TOO_MANY_PORTS,
    /** The switch sent more multipart reply parts than {@link ConnectionLimits#maxReplyParts()}. */
    TOO_MANY_REPLY_PARTS,
    /** More than {@link ConnectionLimits#maxWriteQueueBytes()} waited to be sent: the peer does not read. */
    WRITE_QUEUE_FULL,
    /** A live connection already holds the datapath id the newcomer claimed. */
    DUPLICATE_DATAPATH_ID
}
