package io.natflow.controller.session;

/** Names of the handlers in a switch connection's pipeline, in order. */
public final class PipelineNames {
    public static final String OUTBOUND_LIMIT = "outbound-limit";
    public static final String FLUSH_CONSOLIDATION = "flush-consolidation";
    public static final String FRAME_DECODER = "of-frame-decoder";
    public static final String MESSAGE_DECODER = "of-message-decoder";
    public static final String ENCODER = "of-encoder";
    public static final String IDLE = "idle";
    public static final String KEEPALIVE = "echo-keepalive";
    public static final String HANDSHAKE = "handshake";
    /** Replaces HANDSHAKE once the switch is ready. */
    public static final String SWITCH = "switch";

    private PipelineNames() {}
}
