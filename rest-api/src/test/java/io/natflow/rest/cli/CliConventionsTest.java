package io.natflow.rest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.controller.testing.Await;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.rest.api.SafeText;
import io.natflow.rest.config.NatflowConfiguration;
import io.natflow.rest.http.TestApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CLI as people type it, against the real application: global options anywhere,
 * {@code --help} on every command, and output that cannot drive a terminal.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CliConventionsTest {
    private static final int OPENFLOW_PORT = freePort();
    static final DropwizardAppExtension<NatflowConfiguration> APP =
            TestApp.create(ConfigOverride.config("openflow.port", String.valueOf(OPENFLOW_PORT)));

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + APP.getLocalPort();
    }

    /** {exit status, stdout, stderr} */
    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = NatflowCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(status), out.toString(), err.toString()};
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommandBetweenAndAfter() {
        for (String[] args : new String[][] {
            {"--url", url(), "--token", "test-token", "forwards", "list", "--json"},
            {"--url=" + url(), "forwards", "--json", "list"},
            {"forwards", "--url", url(), "list", "--json"},
            {"forwards", "list", "--json", "--url", url()},
            {"--json", "--url", url(), "stats"}
        }) {
            String[] r = cli(args);
            assertEquals("0", r[0], String.join(" ", args) + ": " + r[2]);
            assertTrue(r[1].trim().startsWith("[") || r[1].trim().startsWith("{"), "JSON: " + r[1]);
        }
        String[] write = cli("--token", "test-token", "--url", url(), "forwards", "add", "tcp", "9600", "10.0.0.12:22");
        assertEquals("0", write[0], "a token given before the command is used: " + write[2]);
        assertEquals("0", cli("forwards", "rm", "--url", url(), "1", "--token", "test-token")[0]);
    }

    @Test
    void theLauncherHandsEveryCommandButServerAndCheckToTheCli() {
        assertTrue(NatflowCli.handles(new String[] {"--url", "http://x:1", "forwards", "list"}));
        assertTrue(
                NatflowCli.handles(new String[] {"--token", "server", "forwards", "list"}),
                "a token that reads 'server'");
        assertTrue(NatflowCli.handles(new String[] {"--json", "stats"}));
        assertTrue(NatflowCli.handles(new String[] {"--help"}));
        assertTrue(NatflowCli.handles(new String[] {"forwards", "add", "--help"}));
        assertFalse(NatflowCli.handles(new String[] {"server", "natflow.yml"}));
        assertFalse(NatflowCli.handles(new String[] {"check", "natflow.yml"}));
    }

    @Test
    void helpOnEveryCommandPrintsItsUsageAndExitsZero() {
        for (String[] command : new String[][] {
            {},
            {"forwards"},
            {"forwards", "add"},
            {"forwards", "list"},
            {"forwards", "show"},
            {"forwards", "rm"},
            {"mappings"},
            {"mappings", "list"},
            {"mappings", "show"},
            {"mappings", "rm"},
            {"switches"},
            {"stats"},
            {"config"}
        }) {
            for (String help : new String[] {"--help", "-h"}) {
                String[] args = new String[command.length + 1];
                System.arraycopy(command, 0, args, 0, command.length);
                args[command.length] = help;
                String[] r = cli(args);
                String name = ("natflow " + String.join(" ", command)).trim();
                assertEquals("0", r[0], name + " " + help + ": " + r[2]);
                assertTrue(r[1].startsWith("Usage: " + name), name + ": " + r[1]);
                assertTrue(r[2].isEmpty(), r[2]);
            }
        }
        assertEquals("2", cli("forwards", "add", "tcp")[0], "a real usage error is still 2");
    }

    @Test
    void whatTheControllerSendsNeverReachesTheTerminalRaw() throws Exception {
        // A switch that names its ports with escape sequences and a carriage return.
        try (FakeSwitch evil = FakeSwitch.builder()
                .datapathId(0x77)
                .ports(List.of(FakeSwitch.port(1, "\u001b[2J\u001b[H", false), FakeSwitch.port(2, "ok\rEVIL", false)))
                .connect(new InetSocketAddress("127.0.0.1", OPENFLOW_PORT))) {
            Await.until(() -> cli("switches", "--url", url())[1].contains("0000000000000077"), "the switch is listed");
            for (String[] args :
                    new String[][] {{"switches", "--url", url()}, {"switches", "--json", "--url", url()}}) {
                String out = cli(args)[1];
                assertNoRawControls(out);
                assertTrue(out.toLowerCase(Locale.ROOT).contains("\\u001b[2j"), out);
            }
        }
        // An error message that echoes what was typed: a bidi override and ESC.
        String[] r = cli("mappings", "list", "--protocol", "\u202e\u001b[31m", "--url", url());
        assertEquals("1", r[0]);
        assertNoRawControls(r[2]);
        assertTrue(
                r[2].toLowerCase(Locale.ROOT).contains("\\u202e")
                        && r[2].toLowerCase(Locale.ROOT).contains("\\u001b"),
                r[2]);
        assertEquals(1, r[2].strip().lines().count(), "one line: " + r[2]);
    }

    private static void assertNoRawControls(String text) {
        text.chars()
                .forEach(c ->
                        assertTrue(c == '\n' || !SafeText.isUnsafe(c), String.format("raw U+%04X in %s", c, text)));
    }
}
