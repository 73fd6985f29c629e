package io.natflow.rest;

/**
 * The configuration, or state on disk, does not allow natflow to start. The message names the
 * setting or file and the problem; it is printed as one line, without a stack trace.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
