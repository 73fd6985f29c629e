package io.natflow.nat.service;

import java.util.List;

/**
 * One page of a mapping listing.
 *
 * @param total   live mappings on the routers listed
 * @param matched how many of them pass the filters
 * @param items   the page: at most the query's limit, from its offset
 */
public record MappingPage(long total, long matched, List<MappingInfo> items) {
    public MappingPage {
        items = List.copyOf(items);
    }
}
