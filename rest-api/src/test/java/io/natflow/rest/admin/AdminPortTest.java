package io.natflow.rest.admin;

import static io.natflow.rest.http.RawHttp.exchange;
import static io.natflow.rest.http.RawHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.rest.config.NatflowConfiguration;
import io.natflow.rest.http.RawHttp;
import io.natflow.rest.http.TestApp;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The admin port as shipped (a token configured, diagnostics left off), over raw HTTP. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminPortTest {
    static final DropwizardAppExtension<NatflowConfiguration> APP = TestApp.create();

    private static RawHttp.Answer admin(String method, String path, String... headers) throws IOException {
        return exchange(APP.getAdminPort(), request(method, path, method.equals("POST") ? "" : null, headers));
    }

    @Test
    void diagnosticsAreOffEvenWithTheToken() throws IOException {
        Logger mappings = (Logger) LoggerFactory.getLogger(MappingLogLevelRecorder.MAPPING_LOGGER);
        Level before = mappings.getLevel();
        for (String[] call : new String[][] {
            {"POST", "/tasks/log-level?logger=io.natflow.mappings&level=OFF"},
            {"POST", "/tasks/gc"},
            {"GET", "/threads"},
            {"GET", "/pprof"},
            {"GET", "/tasks"}
        }) {
            for (String[] headers : new String[][] {{}, {TestApp.TOKEN}}) {
                RawHttp.Answer answer = admin(call[0], call[1], headers);
                assertEquals(404, answer.status(), call[0] + " " + call[1] + ": " + answer);
                assertTrue(answer.body().contains("api.adminDiagnostics"), answer.body());
            }
        }
        assertEquals(before, mappings.getLevel(), "the mapping log's level was not changed");
    }

    @Test
    void encodedOrDoubledPathsDoNotSlipPastTheGuard() throws IOException {
        for (String path : new String[] {"//tasks/gc", "/./tasks/gc", "/x/../tasks/gc", "/%74asks/gc", "/TASKS/gc"}) {
            RawHttp.Answer answer = admin("POST", path, TestApp.TOKEN);
            assertTrue(answer.status() == 404 || answer.status() == 400, path + ": " + answer);
            assertTrue(!answer.body().contains("Running GC"), path + ": " + answer);
        }
    }

    @Test
    void readsFollowTheApiRule() throws IOException {
        assertEquals(200, admin("GET", "/healthcheck").status(), "reads are open without protectReads");
        RawHttp.Answer prometheus = admin("GET", "/prometheus");
        assertEquals(200, prometheus.status());
        assertTrue(
                prometheus.body().contains("natflow_openflow_drops_duplicate_datapath_id"),
                "OpenFlow self-protection counters");
        assertEquals(200, admin("GET", "/ping").status());
        RawHttp.Answer write = admin("POST", "/healthcheck");
        assertEquals(401, write.status(), "anything but a read needs the token: " + write);
    }
}
