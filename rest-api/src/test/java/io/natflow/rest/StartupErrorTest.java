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

/** A wrong router setting or stored forward stops `server` with one line naming it, no stack trace. */
class StartupErrorTest {

    @Test
    void badRouterSettingIsOneClearLine(@TempDir Path dir) throws Exception {
        String stderr = startFailing(dir, yml -> yml.replace("lanPrefix: 10.0.0.0/24", "lanPrefix: 10.0.0.0/33"));
        assertEquals("natflow cannot start: routers[0]: LAN prefix length must be 8..30, got 33", stderr);
    }

    @Test
    void aStoredForwardOutsideTheLanStopsStartupNamingIt(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("forwards.json");
        Files.writeString(store, """
                {"version": 1, "nextId": 3, "forwards": [
                  {"id": "1", "datapathId": "0000000000000001", "protocol": "tcp", "publicAddress": "203.0.113.1",
                   "publicPort": 2222, "internalAddress": "10.0.0.12", "internalPort": 22, "count": 1},
                  {"id": "2", "datapathId": "0000000000000001", "protocol": "tcp", "publicAddress": "203.0.113.1",
                   "publicPort": 5353, "internalAddress": "8.8.8.8", "internalPort": 53, "count": 1}]}
                """);
        String stderr = startFailing(dir, yml -> yml.replace("file: var/forwards.json", "file: " + store));
        assertTrue(
                stderr.startsWith("natflow cannot start: forward store " + store + ": forward 2 is not valid "
                        + "(internalAddress 8.8.8.8 is outside the LAN prefix 10.0.0.0/24)"),
                stderr);
    }

    @Test
    void aStoredForwardWithAControlCharacterStopsStartup(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("forwards.json");
        Files.writeString(store, """
                {"version": 1, "nextId": 2, "forwards": [
                  {"id": "1", "datapathId": "0000000000000001", "protocol": "tcp", "publicAddress": "203.0.113.1",
                   "publicPort": 2222, "internalAddress": "10.0.0.12", "internalPort": 22, "count": 1,
                   "description": "\\u001b[2Jgone"}]}
                """);
        String stderr = startFailing(dir, yml -> yml.replace("file: var/forwards.json", "file: " + store));
        assertTrue(
                stderr.startsWith("natflow cannot start: forward store " + store + ": forward 1 is not valid "
                        + "(description contains a control"),
                stderr);
    }

    /** Runs {@code server} with natflow.yml changed by {@code edit} (ports 0, logs in {@code dir}); returns stderr. */
    private static String startFailing(Path dir, java.util.function.UnaryOperator<String> edit) throws Exception {
        String natflowYml = Files.readString(Path.of("../natflow.yml"));
        Path bad = dir.resolve("bad.yml");
        Files.writeString(
                bad,
                edit.apply(natflowYml)
                        .replace("port: 6653", "port: 0")
                        .replace("port: 8080", "port: 0")
                        .replace("port: 8081", "port: 0")
                        .replace("currentLogFilename: var/mappings.log", "currentLogFilename: " + dir.resolve("m.log"))
                        .replace(
                                "archivedLogFilenamePattern: var/mappings-%d.log.gz",
                                "archivedLogFilenamePattern: " + dir.resolve("m-%d.log.gz")));
        NatflowApplication app = new NatflowApplication();
        Bootstrap<NatflowConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        bootstrap.addCommand(new NatflowServerCommand(app));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        var failure =
                new Cli(new JarLocation(NatflowApplication.class), bootstrap, out, err).run("server", bad.toString());

        assertTrue(failure.isPresent(), "startup must fail");
        String stderr = err.toString(StandardCharsets.UTF_8).trim();
        assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
        assertEquals(1, stderr.lines().count(), "one line: " + stderr);
        return stderr;
    }
}
