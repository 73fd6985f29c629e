package io.natflow.bench.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A REST client that lists every mapping page by page, over and over, as an operator's script
 * or the web page would: the load the benchmark puts beside the setups to show that a listing
 * does not stall them. Follows the page's {@code next} cursor when the API gives one, else
 * steps {@code offset}. Runs on its own thread until interrupted.
 */
final class MappingLister implements Runnable {
    static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Written by the lister thread only; read after it stopped. */
    final Histogram pageLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

    long pages;
    long items;
    long listings;
    long failures;

    MappingLister(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                listAll();
                listings++;
            } catch (IOException | RuntimeException e) {
                failures++;
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void listAll() throws IOException, InterruptedException {
        String cursor = null;
        long offset = 0;
        while (!Thread.currentThread().isInterrupted()) {
            String url = baseUrl + "?limit=" + PAGE + (cursor != null ? "&after=" + cursor : "&offset=" + offset);
            long t0 = System.nanoTime();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            pageLatency.recordValue(Math.min(System.nanoTime() - t0, pageLatency.getHighestTrackableValue()));
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
            JsonNode page = JSON.readTree(response.body());
            int n = page.path("items").size();
            pages++;
            items += n;
            JsonNode next = page.path("next");
            if (n == 0 || next.isNull() || next.isMissingNode() && n < PAGE) {
                return; // the last page
            }
            if (next.isMissingNode()) {
                offset += n;
            } else {
                cursor = next.asText();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
