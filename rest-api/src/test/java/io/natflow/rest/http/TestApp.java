package io.natflow.rest.http;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.natflow.rest.NatflowApplication;
import io.natflow.rest.config.NatflowConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The whole application from test-natflow.yml (API token "test-token") on ephemeral ports, with its own store. */
public final class TestApp {
    public static final String TOKEN = "Authorization: Bearer test-token";

    private TestApp() {}

    public static DropwizardAppExtension<NatflowConfiguration> create(ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(overrides));
        try {
            all.add(ConfigOverride.config(
                    "forwardStore.file",
                    Files.createTempDirectory("natflow-http-test")
                            .resolve("var/forwards.json")
                            .toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DropwizardAppExtension<>(
                NatflowApplication.class,
                ResourceHelpers.resourceFilePath("test-natflow.yml"),
                all.toArray(ConfigOverride[]::new));
    }
}
