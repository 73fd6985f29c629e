/**
 * {@code /api/forwards}: port forwards. Forwards from natflow.yml are read-only ({@code source:
 * config}); forwards added over the API ({@code source: api}) persist in a JSON file written
 * atomically, are reloaded at startup and held by the NAT core from then on.
 */
package io.natflow.rest.forwards;
