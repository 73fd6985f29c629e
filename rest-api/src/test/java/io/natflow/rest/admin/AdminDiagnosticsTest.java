package io.natflow.rest.admin;

import static io.natflow.rest.http.RawHttp.exchange;
import static io.natflow.rest.http.RawHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.rest.config.NatflowConfiguration;
import io.natflow.rest.http.RawHttp;
import io.natflow.rest.http.TestApp;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** With {@code api.adminDiagnostics: true}: the diagnostics need the token, and the mapping log records level changes. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminDiagnosticsTest {
    static final DropwizardAppExtension<NatflowConfiguration> APP =
            TestApp.create(ConfigOverride.config("api.adminDiagnostics", "true"));

    private static RawHttp.Answer admin(String method, String path, String... headers) throws IOException {
        return exchange(APP.getAdminPort(), request(method, path, method.equals("POST") ? "" : null, headers));
    }

    @Test
    void diagnosticsNeedTheToken() throws IOException {
        for (String[] call : new String[][] {{"POST", "/tasks/gc"}, {"GET", "/threads"}, {"GET", "/tasks"}}) {
            RawHttp.Answer anonymous = admin(call[0], call[1]);
            assertEquals(401, anonymous.status(), call[1] + ": " + anonymous);
            assertEquals(
                    401, admin(call[0], call[1], "Authorization: Bearer wrong").status(), call[1]);
        }
        assertEquals(200, admin("POST", "/tasks/gc", TestApp.TOKEN).status());
        assertEquals(200, admin("GET", "/threads", TestApp.TOKEN).status());
    }

    @Test
    void turningTheMappingLogOffIsRecordedInTheMappingLog() throws IOException {
        Logger mappings = (Logger) LoggerFactory.getLogger(MappingLogLevelRecorder.MAPPING_LOGGER);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        mappings.addAppender(log);
        Level before = mappings.getLevel();
        try {
            String off = "/tasks/log-level?logger=" + MappingLogLevelRecorder.MAPPING_LOGGER + "&level=OFF";
            assertEquals(401, admin("POST", off).status(), "not without the token");
            assertTrue(log.list.isEmpty());

            assertEquals(200, admin("POST", off, TestApp.TOKEN).status());
            assertEquals(Level.OFF, mappings.getLevel());
            List<String> lines =
                    log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(
                    lines.get(0).startsWith("event=log-level logger=io.natflow.mappings level=OFF mapping_log=OFF"),
                    lines.get(0));

            mappings.info("event=created ..."); // what MappingLog would write now: nothing reaches the file
            assertEquals(1, log.list.size(), "the mapping log is off; its own switch-off is the last line");

            assertEquals(
                    200,
                    admin("POST", "/tasks/log-level?logger=io.natflow.mappings&level=INFO", TestApp.TOKEN)
                            .status());
            assertEquals(2, log.list.size());
            assertTrue(
                    log.list.get(1).getFormattedMessage().contains("level=INFO mapping_log=INFO previous=OFF"),
                    log.list.get(1).getFormattedMessage());

            assertEquals(
                    200,
                    admin("POST", "/tasks/log-level?logger=io.natflow&level=ERROR", TestApp.TOKEN)
                            .status());
            assertEquals(
                    2, log.list.size(), "a parent's change that leaves the mapping log's level alone is not a line");
        } finally {
            mappings.detachAppender(log);
            mappings.setLevel(before);
            ((Logger) LoggerFactory.getLogger("io.natflow")).setLevel(null);
        }
    }
}
