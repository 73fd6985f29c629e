package io.natflow.rest;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.natflow.controller.OpenFlowServer;
import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.rest.config.NatflowConfiguration;
import io.natflow.rest.health.OpenFlowServerHealthCheck;
import io.natflow.rest.health.SwitchesHealthCheck;
import io.natflow.rest.switches.RegistrySwitchService;
import io.natflow.rest.switches.SwitchesResource;
import java.util.ArrayList;
import java.util.List;

/** Entry point: {@code java -jar natflow.jar server natflow.yml}. Wires everything by constructor. */
public final class NatflowApplication extends Application<NatflowConfiguration> {

    public static void main(String[] args) throws Exception {
        new NatflowApplication().run(args);
    }

    @Override
    public String getName() {
        return "natflow";
    }

    @Override
    public void initialize(Bootstrap<NatflowConfiguration> bootstrap) {
        // Times as ISO-8601 text: what people reading curl output and scripts expect.
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void run(NatflowConfiguration config, Environment environment) {
        OpenFlowServer openFlow = config.getOpenflow().build(environment);
        NatApp nat = new NatApp(routerConfigs(config), environment.lifecycle()
                .scheduledExecutorService("natflow-timers").threads(1).build(), System::currentTimeMillis);
        openFlow.addListener(nat);
        environment.jersey().register(new SwitchesResource(new RegistrySwitchService(openFlow.registry())));
        environment.healthChecks().register("openflow-server", new OpenFlowServerHealthCheck(openFlow));
        environment.healthChecks().register("switches", new SwitchesHealthCheck(openFlow.registry()));
    }

    private static List<RouterConfig> routerConfigs(NatflowConfiguration config) {
        List<RouterConfig> out = new ArrayList<>();
        for (int i = 0; i < config.getRouters().size(); i++) {
            out.add(config.getRouters().get(i).build("routers[" + i + "]"));
        }
        return out;
    }
}
