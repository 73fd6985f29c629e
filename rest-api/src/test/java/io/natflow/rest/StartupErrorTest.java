package io.natflow.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.natflow.rest.config.NatflowConfiguration;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong router setting stops `server` with one line naming the setting, no stack trace. */
class StartupErrorTest {

    @Test
    void badRouterSettingIsOneClearLine(@TempDir Path dir) throws Exception {
        String natflowYml = Files.readString(Path.of("../natflow.yml"));
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, natflowYml
                .replace("lanPrefix: 10.0.0.0/24", "lanPrefix: 10.0.0.0/33")
                .replace("port: 6653", "port: 0").replace("port: 8080", "port: 0").replace("port: 8081", "port: 0")
                .replace("currentLogFilename: var/mappings.log", "currentLogFilename: " + dir.resolve("m.log"))
                .replace("archivedLogFilenamePattern: var/mappings-%d.log.gz",
                        "archivedLogFilenamePattern: " + dir.resolve("m-%d.log.gz")));
        NatflowApplication app = new NatflowApplication();
        Bootstrap<NatflowConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        bootstrap.addCommand(new NatflowServerCommand(app));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        var failure = new Cli(new JarLocation(NatflowApplication.class), bootstrap, out, err).run("server", bad.toString());

        assertTrue(failure.isPresent(), "startup must fail");
        String stderr = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals("natflow cannot start: routers[0]: LAN prefix length must be 8..30, got 33", stderr);
        assertFalse(stderr.contains("\tat "), "no stack trace");
    }
}
