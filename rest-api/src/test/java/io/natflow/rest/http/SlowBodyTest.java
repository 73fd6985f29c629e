package io.natflow.rest.http;

import static io.natflow.rest.http.ErrorShape.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.rest.config.NatflowConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bodies that never arrive, over raw sockets to the real application with few server threads:
 * each one ends in a JSON 408 without a stack trace, while waiting it holds no thread (other
 * requests are answered), and past {@code maxPending} waiting bodies a new one is a 503.
 */
@Timeout(60)
@ExtendWith(DropwizardExtensionsSupport.class)
class SlowBodyTest {
    private static final int MAX_PENDING = 40;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    static final DropwizardAppExtension<NatflowConfiguration> APP = TestApp.create(
            ConfigOverride.config("requestBodies.timeout", BODY_TIMEOUT.toSeconds() + "s"),
            ConfigOverride.config("requestBodies.maxPending", String.valueOf(MAX_PENDING)),
            ConfigOverride.config("requestBodies.maxSize", "4KiB"),
            // Far fewer threads than slow requests: one thread per waiting body would starve the server.
            ConfigOverride.config("server.maxThreads", "24"),
            ConfigOverride.config("server.minThreads", "8"));

    private static final String HEADERS = "POST /api/forwards HTTP/1.1\r\nHost: 127.0.0.1\r\n" + TestApp.TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";

    /** A request that announces 100 bytes of body and sends 10. */
    private static Socket slowPost() throws IOException {
        Socket s = new Socket("127.0.0.1", APP.getLocalPort());
        s.setSoTimeout((int) BODY_TIMEOUT.multipliedBy(3).toMillis());
        s.getOutputStream().write((HEADERS + "{\"protoco").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static RawHttp.Answer answerOf(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return RawHttp.parse(in.readAllBytes());
    }

    @Test
    void aBodyThatNeverArrivesIsA408WithoutAStackTrace() throws IOException {
        try (LogCapture logs = LogCapture.root();
                Socket s = slowPost()) {
            String message = assertJsonError(408, answerOf(s), "stalled body");
            assertTrue(message.contains("did not arrive"), message);
            assertEquals(List.of(), logs.errorsAndStackTraces(), "nothing logged as an error, no stack trace");
        }
    }

    @Test
    void waitingBodiesHoldNoThreadAndPastTheLimitAreRefused() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PENDING; i++) { // more than the 24 server threads
                slow.add(slowPost());
            }
            // Answered while every slow body still waits: they hold no thread.
            RawHttp.Answer get = RawHttp.exchange(
                    APP.getLocalPort(),
                    RawHttp.request("GET", "/api/switches", null).getBytes(StandardCharsets.US_ASCII),
                    BODY_TIMEOUT);
            assertEquals(200, get.status(), get.toString());
            try (Socket oneTooMany = slowPost()) {
                assertJsonError(503, answerOf(oneTooMany), "a body past maxPending");
            }
            for (Socket s : slow) {
                assertEquals(0, s.getInputStream().available(), "the slow ones were still waiting");
            }
            for (Socket s : slow) {
                assertJsonError(408, answerOf(s), "each slow body in the end");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aBodyLargerThanTheLimitIsA413() throws IOException {
        String big = "{\"description\":\"" + "x".repeat(5000) + "\"}";
        assertJsonError(
                413,
                RawHttp.exchange(
                        APP.getLocalPort(),
                        RawHttp.request("POST", "/api/forwards", big, "Content-Type: application/json", TestApp.TOKEN)),
                "announced too large");
        String chunked = "POST /api/forwards HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + TestApp.TOKEN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n";
        assertJsonError(413, RawHttp.exchange(APP.getLocalPort(), chunked), "chunked, too large once read");
    }

    @Test
    void aWholeBodyStillWorks() throws IOException {
        RawHttp.Answer added = RawHttp.exchange(
                APP.getLocalPort(),
                RawHttp.request(
                        "POST",
                        "/api/forwards",
                        "{\"protocol\":\"tcp\",\"publicPort\":9400,\"internalAddress\":\"10.0.0.12\",\"internalPort\":22}",
                        "Content-Type: application/json",
                        TestApp.TOKEN));
        assertEquals(201, added.status(), added.toString());
    }
}
