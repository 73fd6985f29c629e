package io.natflow.rest.rules;

import java.util.List;
import java.util.Map;

/**
 * The rule store's file format (JSON): {@code {"version": 1, "routers": {"<datapath id>": [rule, ...]}}}.
 * A router in the store has exactly the stored list (it replaces natflow.yml's); a router not in it
 * has natflow.yml's.
 */
public record StoredRules(int version, Map<String, List<RuleBody>> routers) {
    public static final int VERSION = 1;

    public static StoredRules empty() {
        return new StoredRules(VERSION, Map.of());
    }
}
