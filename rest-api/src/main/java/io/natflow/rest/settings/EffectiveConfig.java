package io.natflow.rest.settings;

import io.natflow.controller.OpenFlowServerConfig;
import java.time.Duration;
import java.util.List;

/** The configuration as built at startup (what the controller actually runs with); routers from {@code config.EffectiveRouters}. */
public final class EffectiveConfig implements ConfigService {
    private final ConfigView view;

    public EffectiveConfig(
            OpenFlowServerConfig openflow,
            boolean tokenConfigured,
            boolean protectReads,
            String forwardStore,
            List<ConfigView.Router> routers) {
        this.view = new ConfigView(
                new ConfigView.OpenFlow(
                        openflow.bindAddress(),
                        openflow.port(),
                        seconds(openflow.handshakeTimeout()),
                        seconds(openflow.echoInterval()),
                        openflow.echoMisses(),
                        seconds(openflow.requestTimeout())),
                new ConfigView.Api(tokenConfigured, protectReads),
                forwardStore,
                List.copyOf(routers));
    }

    @Override
    public ConfigView effective() {
        return view;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
