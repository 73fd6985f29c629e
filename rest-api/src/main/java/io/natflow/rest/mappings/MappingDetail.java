package io.natflow.rest.mappings;

/** {@code GET /api/mappings/{id}}: the mapping and its flow counters. */
public record MappingDetail(MappingView mapping, MappingCounters counters) {}
