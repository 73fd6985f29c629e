/** {@code /api/mappings}: live NAT mappings, their flow counters, and deleting them. */
package io.natflow.rest.mappings;
