package io.natflow.controller.session;

import io.natflow.controller.OpenFlowServerConfig;
import java.time.Clock;

/** What every connection's handlers share: settings, the registry and the listeners. */
public record SwitchSessionContext(OpenFlowServerConfig config, DefaultSwitchRegistry registry, ListenerBus listeners,
                                   Clock clock) {
}
