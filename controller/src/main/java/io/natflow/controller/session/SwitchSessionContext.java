package io.natflow.controller.session;

import io.natflow.controller.OpenFlowCounters;
import io.natflow.controller.OpenFlowServerConfig;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * What every connection's handlers share: settings, the registry, the listeners, the counters
 * and the connection slots ({@link io.natflow.controller.ConnectionLimits#maxConnections()}).
 */
public record SwitchSessionContext(
        OpenFlowServerConfig config,
        DefaultSwitchRegistry registry,
        ListenerBus listeners,
        Clock clock,
        OpenFlowCounters counters,
        Semaphore connectionSlots) {

    /** With fresh counters and one slot per allowed connection. */
    public SwitchSessionContext(
            OpenFlowServerConfig config,
            DefaultSwitchRegistry registry,
            ListenerBus listeners,
            Clock clock,
            OpenFlowCounters counters) {
        this(
                config,
                registry,
                listeners,
                clock,
                counters,
                new Semaphore(config.limits().maxConnections()));
    }
}
