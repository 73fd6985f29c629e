package io.natflow.cluster;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/** A live instance as it registered itself: its id, its REST URL, since when it is up. */
public record ClusterInstance(String id, URI restUrl, Instant since) {
    /** Larger than any node this code writes; a bigger one is not ours and is not parsed. */
    static final int MAX_BYTES = 4096;

    byte[] encode() {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("restUrl", restUrl.toString());
        p.setProperty("since", since.toString());
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if the bytes are not an instance node this code wrote */
    static ClusterInstance decode(byte[] data) {
        if (data == null || data.length > MAX_BYTES) {
            throw new IllegalArgumentException("instance node of " + (data == null ? "no" : data.length) + " bytes");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
            return new ClusterInstance(
                    required(p, "id"), URI.create(required(p, "restUrl")), Instant.parse(required(p, "since")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable instance node: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }
}
