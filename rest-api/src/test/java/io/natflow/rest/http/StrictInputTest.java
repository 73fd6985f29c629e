package io.natflow.rest.http;

import static io.natflow.rest.http.ErrorShape.assertJsonError;
import static io.natflow.rest.http.RawHttp.exchange;
import static io.natflow.rest.http.RawHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.rest.config.NatflowConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the API refuses, sent as raw HTTP to the real application; a refused write changes nothing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class StrictInputTest {
    static final DropwizardAppExtension<NatflowConfiguration> APP = TestApp.create();

    private static int port() {
        return APP.getLocalPort();
    }

    private static String forward(int publicPort, String internalAddress, String extra) {
        return "{\"protocol\":\"tcp\",\"publicPort\":" + publicPort + ",\"internalAddress\":\"" + internalAddress
                + "\",\"internalPort\":" + publicPort + extra + "}";
    }

    private static RawHttp.Answer post(String body, String contentType) throws IOException {
        return exchange(port(), request("POST", "/api/forwards", body, "Content-Type: " + contentType, TestApp.TOKEN));
    }

    private static boolean listed(int publicPort) throws IOException {
        RawHttp.Answer list = exchange(port(), request("GET", "/api/forwards", null));
        assertEquals(200, list.status());
        return list.body().contains("\"publicPort\":" + publicPort + ",");
    }

    @Test
    void aMatrixParameterIsRefusedAndTheForwardStays() throws IOException {
        RawHttp.Answer added = post(forward(9501, "10.0.0.12", ""), "application/json");
        assertEquals(201, added.status(), added.toString());
        String id = new ObjectMapper().readTree(added.body()).get("id").asText();

        assertJsonError(
                400,
                exchange(port(), request("DELETE", "/api/forwards/" + id + ";x=y", null, TestApp.TOKEN)),
                "DELETE with a matrix parameter");
        assertEquals(
                200,
                exchange(port(), request("GET", "/api/forwards/" + id, null)).status(),
                "still there");
    }

    @Test
    void aCharsetOtherThanUtf8IsRefused() throws IOException {
        assertJsonError(415, post(forward(9502, "10.0.0.12", ""), "application/json; charset=utf-16"), "utf-16 label");
        assertJsonError(
                415, post(forward(9502, "10.0.0.12", ""), "application/json; charset=ISO-8859-1"), "latin-1 label");
        assertEquals(
                201,
                post(forward(9503, "10.0.0.12", ""), "application/json; charset=UTF-8")
                        .status(),
                "utf-8 in any case is fine");
        assertFalse(listed(9502));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws IOException {
        byte[] utf16 = forward(9504, "10.0.0.12", "").getBytes(StandardCharsets.UTF_16LE);
        assertJsonError(400, rawPost(utf16), "UTF-16 bytes without a label");
        ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
        latin1.writeBytes(forward(9505, "10.0.0.12", ",\"description\":\"caf").getBytes(StandardCharsets.US_ASCII));
        latin1.write(0xe9); // é in ISO-8859-1, not UTF-8
        latin1.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        assertJsonError(400, rawPost(latin1.toByteArray()), "ISO-8859-1 bytes");
        assertFalse(listed(9504));
        assertFalse(listed(9505));
    }

    private static RawHttp.Answer rawPost(byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /api/forwards HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + TestApp.TOKEN
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        return exchange(port(), request.toByteArray(), Duration.ofSeconds(10));
    }

    @Test
    void aRepeatedKeyIsRefused() throws IOException {
        String twice =
                "{\"protocol\":\"tcp\",\"protocol\":\"udp\",\"publicPort\":9506,\"internalAddress\":\"10.0.0.12\","
                        + "\"internalPort\":22}";
        String message = assertJsonError(400, post(twice, "application/json"), "duplicate key");
        assertFalse(listed(9506));
        assertTrue(
                new ObjectMapper()
                        .readTree(post(twice, "application/json").body())
                        .toString()
                        .contains("protocol"),
                message);
    }

    @Test
    void digitsOfOtherScriptsAreRefused() throws IOException {
        assertJsonError(422, post(forward(9507, "١٠.٠.٠.١٢", ""), "application/json"), "Arabic-Indic address");
        assertJsonError(422, post(forward(9507, "１０.0.0.12", ""), "application/json"), "fullwidth address");
        assertJsonError(
                422,
                post(forward(9507, "10.0.0.12", ",\"datapathId\":\"０００００００００００００００１\""), "application/json"),
                "fullwidth datapath id");
        RawHttp.Answer port = post(
                "{\"protocol\":\"tcp\",\"publicPort\":\"٩٥٠٧\",\"internalAddress\":\"10.0.0.12\","
                        + "\"internalPort\":9507}",
                "application/json");
        assertEquals(
                422,
                port.status(),
                "Arabic-Indic port (a validation error: Dropwizard's {\"errors\": [...]}): " + port);
        assertFalse(listed(9507));
        assertJsonError(400, exchange(port(), request("GET", "/api/mappings/%D9%A1%D9%A7", null)), "Arabic-Indic id");
        assertJsonError(
                400,
                exchange(port(), request("GET", "/api/mappings?publicPort=%EF%BC%98%EF%BC%90", null)),
                "fullwidth port filter");
        assertJsonError(
                400,
                exchange(port(), request("GET", "/api/mappings?internal=%D9%A1%D9%A0.0.0.11", null)),
                "Arabic-Indic address filter");
    }

    @Test
    void controlAndBidiCharactersInADescriptionAreRefused() throws IOException {
        for (String evil : new String[] {
            "\\u001b[31mred", "line\\r\\nbreak", "tab\\there", "abc\\u202edcba", "\\u2066iso", "del\\u007f", "c1\\u009b"
        }) {
            assertJsonError(
                    422,
                    post(forward(9508, "10.0.0.12", ",\"description\":\"" + evil + "\""), "application/json"),
                    "description " + evil);
        }
        assertFalse(listed(9508));
        assertEquals(
                201,
                post(forward(9509, "10.0.0.12", ",\"description\":\"café ☕ 日本 👍🏽\""), "application/json")
                        .status(),
                "other text is fine");
    }

    @Test
    void answersNeverCarryRawControlOrBidiCharacters() throws IOException {
        RawHttp.Answer answer = exchange(port(), request("GET", "/api/mappings?protocol=%E2%80%AE%1B%5B2J", null));
        String message = assertJsonError(400, answer, "an echoed bad value");
        assertTrue(message.contains("\u202e\u001b[2J"), "the message names the value: " + message);
        assertFalse(
                answer.body().contains("\u202e") || answer.body().contains("\u001b"),
                "escaped on the wire: " + answer.body());
        String lower = answer.body().toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.contains("\\u202e") && lower.contains("\\u001b"), answer.body());
    }
}
