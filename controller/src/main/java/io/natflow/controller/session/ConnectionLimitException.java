package io.natflow.controller.session;

import io.natflow.controller.ConnectionDrop;

/**
 * A peer went past one of the {@link io.natflow.controller.ConnectionLimits}. Thrown from a
 * channel handler's read; the handler's {@code exceptionCaught} counts it, logs it naming the
 * connection, and closes the connection.
 */
final class ConnectionLimitException extends RuntimeException {
    private final ConnectionDrop reason;

    ConnectionLimitException(ConnectionDrop reason, String message) {
        super(message, null, false, false); // no stack trace: this is an expected outcome, not a bug
        this.reason = reason;
    }

    ConnectionDrop reason() {
        return reason;
    }
}
