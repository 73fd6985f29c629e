package io.natflow.rest.mappings;

import java.util.List;

/**
 * One page of {@code GET /api/mappings}.
 *
 * @param total   live mappings on the selected switches, before the other filters
 * @param matched mappings that pass every filter (the page is a slice of these)
 */
public record MappingPage(long total, long matched, int offset, int limit, List<MappingView> items) {}
