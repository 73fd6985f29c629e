package io.natflow.rest.http;

import static io.natflow.rest.http.ErrorShape.assertJsonError;
import static io.natflow.rest.http.RawHttp.exchange;
import static io.natflow.rest.http.RawHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.rest.config.NatflowConfiguration;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests that Jetty rejects before Jersey sees them, sent byte for byte over a socket to the
 * real application: every answer is the API's JSON error, on the REST and the admin port alike.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JettyRejectionsTest {
    static final DropwizardAppExtension<NatflowConfiguration> APP = TestApp.create();
    private static final String BIG_HEADER = "X-Big: " + "a".repeat(20_000);

    private static int rest() {
        return APP.getLocalPort();
    }

    private static int admin() {
        return APP.getAdminPort();
    }

    @Test
    void anEncodedSlashIsAJsonError() throws IOException {
        assertEquals(
                "Ambiguous URI path separator",
                assertJsonError(400, exchange(rest(), request("GET", "/api/forwards/a%2Fb", null)), "%2F"));
        assertJsonError(400, exchange(admin(), request("GET", "/healthcheck%2Fx", null)), "%2F on the admin port");
    }

    @Test
    void anEncodedNulIsAJsonError() throws IOException {
        assertJsonError(400, exchange(rest(), request("GET", "/api/forwards/%00", null)), "%00");
    }

    @Test
    void badUtf8InThePathIsAJsonError() throws IOException {
        assertJsonError(400, exchange(rest(), request("GET", "/api/forwards/%C0%AF", null)), "overlong UTF-8");
        assertJsonError(400, exchange(rest(), request("GET", "/api/forwards/%FF", null)), "invalid UTF-8");
    }

    @Test
    void anEmptyContentTypeIsAJsonError() throws IOException {
        assertJsonError(
                400,
                exchange(rest(), request("POST", "/api/forwards", "{}", "Content-Type: ", TestApp.TOKEN)),
                "empty Content-Type");
    }

    @Test
    void headersTooLargeAreAJsonError() throws IOException {
        assertJsonError(431, exchange(rest(), request("GET", "/api/forwards", null, BIG_HEADER)), "431");
        assertJsonError(431, exchange(admin(), request("GET", "/ping", null, BIG_HEADER)), "431 on the admin port");
    }

    @Test
    void traceIsAJsonErrorWithABody() throws IOException {
        assertJsonError(405, exchange(rest(), request("TRACE", "/api/forwards", null)), "TRACE");
        assertJsonError(
                405,
                exchange(admin(), request("TRACE", "/healthcheck", null, TestApp.TOKEN)),
                "TRACE on the admin port");
    }

    @Test
    void garbageAndUnknownVersionsAreJsonErrors() throws IOException {
        assertJsonError(505, exchange(rest(), "GET /api/forwards HTTP/9.9\r\nHost: x\r\n\r\n"), "HTTP/9.9");
        assertJsonError(400, exchange(rest(), "\u0001\u0002GARBAGE\r\n\r\n"), "garbage request line");
        assertJsonError(414, exchange(rest(), request("GET", "/api/" + "a".repeat(10_000), null)), "URI too long");
    }

    @Test
    void suspiciousPathsAreJsonErrors() throws IOException {
        assertJsonError(400, exchange(rest(), request("GET", "/api/%2e%2e/x", null)), "encoded dot segment");
        assertJsonError(400, exchange(rest(), request("GET", "/api/forwards/a%5Cb", null)), "encoded backslash");
    }

    @Test
    void unknownAdminPathsAreJsonErrors() throws IOException {
        assertJsonError(404, exchange(admin(), request("GET", "/nope", null)), "404 on the admin port");
    }

    @Test
    void jerseysOwnErrorsKeepTheSameShape() throws IOException {
        assertJsonError(404, exchange(rest(), request("GET", "/nope", null)), "404");
        assertJsonError(405, exchange(rest(), request("PATCH", "/api/forwards", null)), "405");
        assertJsonError(
                415,
                exchange(rest(), request("POST", "/api/forwards", "x", "Content-Type: text/plain", TestApp.TOKEN)),
                "415");
    }
}
