package io.natflow.rest.health;

import com.codahale.metrics.health.HealthCheck;
import io.natflow.controller.SwitchRegistry;

/**
 * Reports how many switches are connected. No switch is not a fault of the controller (one may
 * simply not have been started yet), so this stays healthy and carries the count.
 */
public final class SwitchesHealthCheck extends HealthCheck {
    private final SwitchRegistry registry;

    public SwitchesHealthCheck(SwitchRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Result check() {
        int count = registry.size();
        return Result.builder()
                .healthy()
                .withMessage("%d switch(es) connected", count)
                .withDetail("connected", count)
                .build();
    }
}
