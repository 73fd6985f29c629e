package io.natflow.rest.cli;

/** An error the CLI reports as one line on stderr, exiting with status 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
