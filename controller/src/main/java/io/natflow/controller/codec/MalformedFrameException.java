package io.natflow.controller.codec;

import io.netty.handler.codec.DecoderException;

/** The byte stream cannot be OpenFlow: the connection is closed, other switches are unaffected. */
public final class MalformedFrameException extends DecoderException {
    public MalformedFrameException(String message) {
        super(message);
    }
}
