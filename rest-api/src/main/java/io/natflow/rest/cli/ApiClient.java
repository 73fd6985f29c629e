package io.natflow.rest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natflow.rest.api.SafeJsonEscapes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** A small JSON client of the REST API; every failure becomes a {@link CliException} with one readable line. */
final class ApiClient {
    /** Prints JSON with control and bidi characters escaped (the JSON means the same). */
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new SafeJsonEscapes());
    }

    private final String base;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token == null || token.isBlank() ? null : token.trim();
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** "?a=1&b=x" from the non-null values, encoded. */
    static String query(Map<String, Object> params) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    static Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, Object body) {
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad controller URL '" + base + "' (--url / NATFLOW_URL)");
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return parse(method, uri, response);
        } catch (ConnectException e) {
            throw new CliException("cannot reach the natflow controller at " + base
                    + " (connection refused); is it running? (--url / NATFLOW_URL)");
        } catch (HttpTimeoutException e) {
            throw new CliException("the natflow controller at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new CliException("cannot reach the natflow controller at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new CliException("bad controller URL '" + base + "': " + e.getMessage());
        }
    }

    private static JsonNode parse(String method, URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = null;
        try {
            json = response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            if (status < 300) {
                throw new CliException(method + " " + uri.getPath() + ": the answer is not JSON (is " + uri.getHost()
                        + ":" + uri.getPort() + " a natflow controller?)");
            }
        }
        if (status >= 200 && status < 300) {
            return json;
        }
        String hint = status == 401 ? " (give the API token with --token or NATFLOW_TOKEN)" : "";
        return fail(status, message(json, response.body()) + hint);
    }

    private static JsonNode fail(int status, String message) {
        throw new CliException("HTTP " + status + ": " + message);
    }

    /** Dropwizard's two error shapes: {"code":..,"message":".."} and {"errors":["..", ..]}. */
    static String message(JsonNode json, String raw) {
        if (json != null && json.hasNonNull("message")) {
            return json.get("message").asText();
        }
        if (json != null && json.has("errors") && json.get("errors").isArray()) {
            List<String> errors = new ArrayList<>();
            json.get("errors").forEach(e -> errors.add(e.asText()));
            return String.join("; ", errors);
        }
        String text = raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "no details" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
