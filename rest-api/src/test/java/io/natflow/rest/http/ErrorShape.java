package io.natflow.rest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The one error shape of the API: {@code {"code": <status>, "message": "..."}} (plus Dropwizard's optional "details"). */
final class ErrorShape {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorShape() {}

    /** Asserts the answer is the JSON error of {@code status}; returns its message. */
    static String assertJsonError(int status, RawHttp.Answer answer, String what) throws IOException {
        assertEquals(status, answer.status(), what + ": " + answer);
        assertTrue(
                answer.header("content-type") != null
                        && answer.header("content-type").startsWith("application/json"),
                what + ": JSON content type: " + answer);
        JsonNode body = JSON.readTree(answer.body());
        Set<String> fields = new TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertTrue(
                fields.equals(Set.of("code", "message")) || fields.equals(Set.of("code", "message", "details")),
                what + ": fields " + fields);
        assertEquals(status, body.get("code").asInt(), what);
        assertTrue(
                body.get("message").isTextual() && !body.get("message").asText().isBlank(), what);
        assertTrue(!answer.body().contains("\tat ") && !answer.body().contains("Exception"), what + ": no stack trace");
        return body.get("message").asText();
    }

    static List<String> lines(String... lines) {
        return List.of(lines);
    }
}
