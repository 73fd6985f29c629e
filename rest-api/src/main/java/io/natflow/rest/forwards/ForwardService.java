package io.natflow.rest.forwards;

import java.util.List;

/** What the forwards resource needs. Failures are {@link io.natflow.rest.api.ApiException}s; on one nothing changed. */
public interface ForwardService {

    /** @param switchId null for every router */
    List<ForwardView> list(String switchId);

    ForwardView get(String id);

    /** Adds, stores and activates a forward; its dnat rule number is the router's next free one. */
    default ForwardView add(ForwardRequest request) {
        return add(request, null);
    }

    /**
     * Adds, stores and activates a forward as dnat rule {@code ruleNumber} (null: the router's next
     * free number); a number the router's rule list or another forward holds is a 409.
     */
    ForwardView add(ForwardRequest request, Integer ruleNumber);

    /** Replaces an API forward (config forwards are read-only). */
    ForwardView update(String id, ForwardRequest request);

    /** Removes an API forward; the sessions it opened stop at once. */
    ForwardView delete(String id);
}
