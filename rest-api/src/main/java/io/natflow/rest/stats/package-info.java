/** {@code /api/stats}: mappings by protocol, port use per public address, event rates and counters. */
package io.natflow.rest.stats;
