package io.natflow.rest.forwards;

import java.io.IOException;

/** A shared store changed since this instance last read it (another instance wrote it): read again, retry. */
public final class ForwardStoreConflictException extends IOException {
    public ForwardStoreConflictException(String message) {
        super(message);
    }
}
