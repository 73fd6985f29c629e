package io.natflow.nat.service;

/** A router's event loop did not take a task: it is shutting down. */
public final class RouterBusyException extends RuntimeException {
    public RouterBusyException(String message) {
        super(message);
    }
}
