package io.natflow.rest.mappings;

/** What the mappings resource needs. Failures are {@link io.natflow.rest.api.ApiException}s. */
public interface MappingService {

    MappingPage list(MappingQuery query);

    /** @param switchId which router, or null to search every router */
    MappingDetail get(long id, String switchId);

    /** Deletes the mapping: its flows leave the switch and its port goes back through quarantine. */
    MappingView delete(long id, String switchId);
}
