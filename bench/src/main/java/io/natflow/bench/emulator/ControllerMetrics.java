package io.natflow.bench.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's own counters, read from its Prometheus endpoint (natflow's admin
 * {@code /prometheus}): unlabelled samples only, by name. A failed read is empty, never fatal:
 * the figures are extra.
 */
final class ControllerMetrics {
    /** Samples that say what one setup cost the controller, as Prometheus names them. */
    static final String PACKET_IN = "natflow_events_packet_in";

    static final String FLOW_MOD = "natflow_events_sent_flow_mod";
    static final String PACKET_OUT = "natflow_events_sent_packet_out";
    static final String SESSION_SETUP = "natflow_events_session_setup";
    static final String TRANSLATED_IN_CONTROLLER = "natflow_events_translated_in_controller";
    static final String SESSIONS = "natflow_sessions";
    static final String MAPPINGS = "natflow_mappings";

    private static final int MAX_BODY_CHARS = 4 << 20;

    private final URI uri;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ControllerMetrics(String url) {
        this.uri = URI.create(url);
    }

    Optional<Map<String, Double>> read() {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(20))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().length() > MAX_BODY_CHARS) {
                return Optional.empty();
            }
            return Optional.of(parse(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Prometheus text format: {@code name value} lines; comments and labelled samples skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || line.indexOf('{') >= 0) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2) {
                try {
                    out.put(parts[0], Double.parseDouble(parts[1]));
                } catch (NumberFormatException e) {
                    // not a sample
                }
            }
        }
        return out;
    }

    /** How much {@code name} grew from {@code before} to {@code after}; 0 if it was in neither. */
    static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }
}
