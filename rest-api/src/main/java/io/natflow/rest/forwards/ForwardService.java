package io.natflow.rest.forwards;

import java.util.List;

/** What the forwards resource needs. Failures are {@link io.natflow.rest.api.ApiException}s; on one nothing changed. */
public interface ForwardService {

    /** @param switchId null for every router */
    List<ForwardView> list(String switchId);

    ForwardView get(String id);

    /** Adds, stores and activates a forward. */
    ForwardView add(ForwardRequest request);

    /** Replaces an API forward (config forwards are read-only). */
    ForwardView update(String id, ForwardRequest request);

    /** Removes an API forward; the sessions it opened stop at once. */
    ForwardView delete(String id);
}
