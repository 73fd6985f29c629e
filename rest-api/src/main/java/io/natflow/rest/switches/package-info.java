/** {@code /api/switches}: the connected switches and their ports. */
package io.natflow.rest.switches;
