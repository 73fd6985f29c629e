package io.natflow.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.jackson.JsonProcessingExceptionMapper;
import io.natflow.controller.OpenFlowServer;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.nat.service.Mastership;
import io.natflow.nat.service.NatService;
import io.natflow.nat.service.SoleMastership;
import io.natflow.rest.admin.AdminGuardFilter;
import io.natflow.rest.admin.MappingLogLevelRecorder;
import io.natflow.rest.api.ApiExceptionMapper;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.BearerTokenFilter;
import io.natflow.rest.api.OpenApiResource;
import io.natflow.rest.api.RouterDirectory;
import io.natflow.rest.api.SafeJsonEscapes;
import io.natflow.rest.cli.NatflowCli;
import io.natflow.rest.cluster.ClusterHealthCheck;
import io.natflow.rest.cluster.ClusterResource;
import io.natflow.rest.cluster.ClusterRuntime;
import io.natflow.rest.cluster.MasterProxyFilter;
import io.natflow.rest.config.ApiFactory;
import io.natflow.rest.config.EffectiveRouters;
import io.natflow.rest.config.LocalRestUrl;
import io.natflow.rest.config.NatflowConfiguration;
import io.natflow.rest.config.RouterFactory;
import io.natflow.rest.forwards.ForwardStore;
import io.natflow.rest.forwards.ForwardsResource;
import io.natflow.rest.forwards.JsonFileForwardStore;
import io.natflow.rest.forwards.NatForwardService;
import io.natflow.rest.health.GatewayHealthCheck;
import io.natflow.rest.health.OpenFlowServerHealthCheck;
import io.natflow.rest.health.PortPoolHealthCheck;
import io.natflow.rest.health.SwitchesHealthCheck;
import io.natflow.rest.http.BackgroundPriorityFilter;
import io.natflow.rest.http.HttpHardening;
import io.natflow.rest.mappings.MappingsResource;
import io.natflow.rest.mappings.NatMappingService;
import io.natflow.rest.metrics.ClusterMetrics;
import io.natflow.rest.metrics.NatMetrics;
import io.natflow.rest.metrics.OpenFlowMetrics;
import io.natflow.rest.metrics.PrometheusExport;
import io.natflow.rest.rules.JsonFileRuleStore;
import io.natflow.rest.rules.NatRuleService;
import io.natflow.rest.rules.RulesResource;
import io.natflow.rest.settings.ConfigResource;
import io.natflow.rest.settings.EffectiveConfig;
import io.natflow.rest.stats.NatStatsService;
import io.natflow.rest.stats.StatsResource;
import io.natflow.rest.switches.RegistrySwitchService;
import io.natflow.rest.switches.SwitchesResource;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar natflow.jar server natflow.yml} runs the controller;
 * {@code java -jar natflow.jar forwards|mappings|switches|stats|config ...} is the CLI, a client
 * of the REST API. Wires everything by constructor.
 */
public final class NatflowApplication extends Application<NatflowConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(NatflowApplication.class);
    /** A port pool this full makes the port-pool health check unhealthy. */
    private static final double POOL_ALARM = 0.9;

    public static void main(String[] args) throws Exception {
        if (NatflowCli.handles(args)) {
            System.exit(NatflowCli.run(args));
        }
        new NatflowApplication().run(args);
    }

    @Override
    public String getName() {
        return "natflow";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<NatflowConfiguration> bootstrap) {
        bootstrap.addCommand(new NatflowServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<NatflowConfiguration> bootstrap) {
        // Times as ISO-8601 text: what people reading curl output and scripts expect.
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // A misspelt field in a request body is an error (400), not silently ignored; so is a repeated one.
        bootstrap.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        bootstrap.getObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // Text in answers never carries raw control or bidi characters (SafeText), only their escapes.
        bootstrap.getObjectMapper().getFactory().setCharacterEscapes(new SafeJsonEscapes());
    }

    @Override
    public void run(NatflowConfiguration config, Environment environment) {
        OpenFlowServer openFlow = openFlow(config, environment);
        List<RouterConfig> routerConfigs = routerConfigs(config);
        Clock clock = Clock.systemUTC(); // the one clock: the routers, the services and the samplers read it
        ClusterRuntime cluster = cluster(config, routerConfigs, environment, clock); // null: natflow runs alone
        Mastership mastership = cluster == null
                ? new SoleMastership(LocalRestUrl.of(config.getServerFactory()), clock::millis)
                : cluster.mastership();
        NatApp natApp =
                natApp(routerConfigs, environment, clock, openFlow.config().requestTimeout(), mastership);
        openFlow.addListener(natApp);
        NatService nat = natApp.service();
        RouterDirectory routers = new RouterDirectory(nat);

        ForwardStore store = cluster == null
                ? new JsonFileForwardStore(config.getForwardStore().path())
                : cluster.forwardStore();
        // one rule number space per router: the rule list's numbers and its forwards' (dnat rules)
        NatForwardService forwards =
                new NatForwardService(routers, store, clock, datapathId -> numbers(natApp, datapathId));
        NatRuleService rules = rules(config, routers, natApp, forwards); // lists first: forwards number around them
        forwards(config, routerConfigs, forwards, store);
        if (cluster != null) {
            cluster.watchForwards(forwards::resync); // a forward added through any instance reaches every router
        }
        NatMetrics metrics = new NatMetrics(environment.metrics(), nat).register();
        OpenFlowMetrics.register(environment.metrics(), openFlow.counters());
        ClusterMetrics.register(environment.metrics(), natApp.cluster());
        ScheduledExecutorService sampler = environment
                .lifecycle()
                .scheduledExecutorService("natflow-stats")
                .threads(1)
                .build();
        sampler.scheduleAtFixedRate(metrics::registerSwitchMeters, 0, 1, TimeUnit.SECONDS);

        HttpHardening.install(environment, config.getRequestBodies(), environment.getObjectMapper());
        environment.jersey().register(new ApiExceptionMapper());
        environment.jersey().register(new JsonProcessingExceptionMapper(true)); // say what is wrong with a body
        ApiFactory api = config.getApi();
        if (api.hasToken()) {
            environment.jersey().register(new BearerTokenFilter(api.getToken(), api.isProtectReads()));
        } else {
            LOG.warn("api.token is not set: anyone who can reach the REST port can change forwards and mappings");
        }
        environment.jersey().register(new SwitchesResource(new RegistrySwitchService(openFlow.registry())));
        environment.jersey().register(new MappingsResource(new NatMappingService(routers)));
        environment.jersey().register(new ClusterResource(natApp.cluster()));
        if (cluster != null) { // a switch's mappings are its master's: ask it
            environment.jersey().register(new MasterProxyFilter(natApp.cluster(), routers, cluster.self()));
        }
        environment.jersey().register(new ForwardsResource(forwards));
        environment.jersey().register(new RulesResource(rules));
        environment.jersey().register(new StatsResource(new NatStatsService(routers, clock)));
        environment
                .jersey()
                .register(new ConfigResource(new EffectiveConfig(
                        openFlow.config(),
                        api.hasToken(),
                        api.isProtectReads(),
                        store.location(),
                        EffectiveRouters.of(routerConfigs))));
        environment.jersey().register(new OpenApiResource());
        io.natflow.rest.ui.WebUi.register(environment, api); // the web page at / (the API stays at /api)

        environment.healthChecks().register("openflow-server", new OpenFlowServerHealthCheck(openFlow));
        environment.healthChecks().register("switches", new SwitchesHealthCheck(openFlow.registry()));
        environment.healthChecks().register("gateway", new GatewayHealthCheck(routers));
        environment.healthChecks().register("port-pool", new PortPoolHealthCheck(routers, POOL_ALARM));
        if (cluster != null) {
            environment.healthChecks().register("cluster", new ClusterHealthCheck(natApp.cluster()));
        }

        environment
                .servlets()
                .addFilter("natflow-background-priority", new BackgroundPriorityFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
        environment
                .admin()
                .addFilter(
                        "natflow-admin-guard",
                        new AdminGuardFilter(
                                api.getToken(),
                                api.isProtectReads(),
                                api.isAdminDiagnostics(),
                                environment.getObjectMapper()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        MappingLogLevelRecorder.install(clock);

        environment
                .admin()
                .addServlet("prometheus", new MetricsServlet(PrometheusExport.of(environment.metrics())))
                .addMapping("/prometheus");
    }

    /** The rule store (rules.json next to the forward store) gives routers their stored lists; a bad one stops startup. */
    private static NatRuleService rules(
            NatflowConfiguration config, RouterDirectory routers, NatApp natApp, NatForwardService forwards) {
        JsonFileRuleStore store =
                new JsonFileRuleStore(config.getForwardStore().path().resolveSibling("rules.json"));
        NatRuleService rules = new NatRuleService(routers, natApp.rules(), store, forwards);
        int restored = rules.restore();
        if (restored > 0) {
            LOG.info("rule store {}: the rule lists of {} router(s) restored", store.location(), restored);
        }
        return rules;
    }

    /** The numbers of a router's rule list. */
    private static Set<Integer> numbers(NatApp natApp, long datapathId) {
        Set<Integer> out = new HashSet<>();
        Await.result(natApp.rules().rules(datapathId)).rules().forEach(r -> out.add(r.number()));
        return out;
    }

    /**
     * Config forwards (natflow.yml's forwards:, then the dnat entries of rules:) listed read-only,
     * then the stored ones installed; a bad store stops startup.
     */
    private static void forwards(
            NatflowConfiguration config,
            List<RouterConfig> routerConfigs,
            NatForwardService forwards,
            ForwardStore store) {
        for (int i = 0; i < routerConfigs.size(); i++) {
            RouterConfig rc = routerConfigs.get(i);
            List<RouterFactory.ConfigForward> numbered =
                    config.getRouters().get(i).configForwards();
            for (int j = 0; j < rc.forwards().size(); j++) {
                if (rc.forwards().get(j) instanceof ForwardRule.PortForward rule) {
                    RouterFactory.ConfigForward c = numbered.get(j); // same order: forwards:, then rules:'s dnat
                    forwards.addConfigForward(rc.datapathId(), rule, c.description(), c.number());
                }
            }
        }
        if (store instanceof JsonFileForwardStore file) {
            try {
                file.removeLeftovers();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean up next to the forward store " + store.location(), e);
            }
        }
        try {
            int restored = forwards.restore();
            LOG.info("forward store {}: {} forward(s) restored", store.location(), restored);
        } catch (IllegalStateException e) {
            LOG.error("cannot start: {}", e.getMessage());
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The OpenFlow listener; limits that do not fit together stop startup. */
    private static OpenFlowServer openFlow(NatflowConfiguration config, Environment environment) {
        try {
            return config.getOpenflow().build(environment);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The routers, with the forwards from the configuration; a conflicting forward stops startup. */
    /** The cluster side when natflow.yml has a cluster: section; null without one. No ZooKeeper server: no startup. */
    private static ClusterRuntime cluster(
            NatflowConfiguration config, List<RouterConfig> routers, Environment environment, Clock clock) {
        if (config.getCluster() == null) {
            return null;
        }
        try {
            ClusterRuntime cluster = ClusterRuntime.start(
                    config.getCluster().build(),
                    clock,
                    routers.stream().map(RouterConfig::datapathId).toList());
            environment.lifecycle().manage(cluster);
            return cluster;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StartupException("cluster: " + e.getMessage(), e);
        }
    }

    private static NatApp natApp(
            List<RouterConfig> routerConfigs,
            Environment environment,
            Clock clock,
            java.time.Duration requestTimeout,
            Mastership mastership) {
        try {
            NatApp app = new NatApp(
                    routerConfigs,
                    environment
                            .lifecycle()
                            .scheduledExecutorService("natflow-timers")
                            .threads(1)
                            .build(),
                    clock::millis,
                    requestTimeout,
                    environment.metrics(),
                    mastership);
            environment.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
                @Override
                public void stop() {
                    app.shutdown();
                }
            });
            return app;
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static List<RouterConfig> routerConfigs(NatflowConfiguration config) {
        List<RouterConfig> out = new ArrayList<>();
        for (int i = 0; i < config.getRouters().size(); i++) {
            try {
                out.add(config.getRouters().get(i).build("routers[" + i + "]"));
            } catch (IllegalArgumentException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }
        return out;
    }
}
