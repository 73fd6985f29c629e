package io.natflow.rest.config;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.natflow.cluster.ClusterConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code cluster:} section of natflow.yml: absent means alone; present maps 1:1 onto ClusterConfig. */
class ClusterFactoryTest {
    private static final String CLUSTER = """
            cluster:
              connectString: 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183
              sessionTimeout: 1500ms
              connectionTimeout: 2s
              instanceId: nat-a
              restUrl: http://127.0.0.1:8090
              root: /natflow
              spreadDelay: 2s
            """;

    private static NatflowConfiguration parse(String yaml) throws Exception {
        YamlConfigurationFactory<NatflowConfiguration> factory = new YamlConfigurationFactory<>(
                NatflowConfiguration.class,
                Validators.newValidator(),
                // as NatflowApplication.initialize sets it: a misspelt setting is an error
                Jackson.newObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                "dw");
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "natflow.yml");
    }

    @Test
    void absentMeansAlone() throws Exception {
        assertNull(parse("forwardStore:\n  file: var/forwards.json\n").getCluster());
    }

    @Test
    void theSectionAsTheReadmeShowsIt() throws Exception {
        ClusterConfig c = parse(CLUSTER).getCluster().build();
        assertEquals(
                new ClusterConfig(
                        "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183",
                        Duration.ofMillis(1500),
                        Duration.ofSeconds(2),
                        "nat-a",
                        URI.create("http://127.0.0.1:8090"),
                        "/natflow",
                        Duration.ofSeconds(2)),
                c);
    }

    @Test
    void defaultsForTheOptionalSettings() throws Exception {
        ClusterConfig c = parse(
                        "cluster:\n  connectString: zk:2181\n  instanceId: b\n  restUrl: http://10.0.0.2:8090/\n")
                .getCluster()
                .build();
        assertEquals(ClusterConfig.DEFAULT_SESSION_TIMEOUT, c.sessionTimeout());
        assertEquals(ClusterConfig.DEFAULT_CONNECTION_TIMEOUT, c.connectionTimeout());
        assertEquals(ClusterConfig.DEFAULT_ROOT, c.root());
        assertEquals(ClusterConfig.DEFAULT_SPREAD_DELAY, c.spreadDelay());
    }

    @Test
    void wrongValuesAreRefusedNamingTheSetting() {
        assertRefused(CLUSTER.replace("instanceId: nat-a", "instanceId: nat a"), "cluster.instanceId");
        assertRefused(CLUSTER.replace("instanceId: nat-a", "instanceId: " + "x".repeat(65)), "cluster.instanceId");
        assertRefused(CLUSTER.replace("sessionTimeout: 1500ms", "sessionTimeout: 10ms"), "cluster.sessionTimeout");
        assertRefused(CLUSTER.replace("restUrl: http://127.0.0.1:8090", "restUrl: ftp://x"), "cluster.restUrl");
        assertRefused(CLUSTER.replace("root: /natflow", "root: natflow"), "cluster.root");
        assertRefused(
                CLUSTER.replace("  connectString: 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183\n", ""),
                "cluster.connectString");
        assertThrows(Exception.class, () -> parse(CLUSTER.replace("spreadDelay: 2s", "spreadDelay: soon")));
        assertThrows(Exception.class, () -> parse(CLUSTER + "  tickTime: 3\n"), "an unknown setting");
    }

    private static void assertRefused(String yaml, String setting) {
        ConfigurationValidationException e =
                assertThrows(ConfigurationValidationException.class, () -> parse(yaml), setting);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
