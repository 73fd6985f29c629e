/**
 * The {@code natflow} command line: {@code natflow forwards|mappings|switches|stats|config ...},
 * a client of the REST API (picocli). Tables for people, {@code --json} for scripts; exit code 0
 * on success, 1 with a one-line message on any error, 2 on a usage error.
 */
package io.natflow.rest.cli;
