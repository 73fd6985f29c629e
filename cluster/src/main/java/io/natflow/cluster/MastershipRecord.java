package io.natflow.cluster;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/**
 * The last claim on a datapath, as stored in its generation znode: the generation id, who claimed
 * it and when. Whether that instance is still master is the election's to say.
 */
public record MastershipRecord(long datapathId, long generationId, String instanceId, Instant since) {
    static final int MAX_BYTES = 4096;

    byte[] encode() {
        Properties p = new Properties();
        p.setProperty("generation", Long.toString(generationId));
        p.setProperty("master", instanceId);
        p.setProperty("since", since.toString());
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if the bytes are not a record this code wrote */
    static MastershipRecord decode(long datapathId, byte[] data) {
        if (data == null || data.length > MAX_BYTES) {
            throw new IllegalArgumentException("generation node of " + (data == null ? "no" : data.length) + " bytes");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
            String generation = p.getProperty("generation");
            String master = p.getProperty("master");
            String since = p.getProperty("since");
            if (generation == null || master == null || since == null) {
                throw new IllegalArgumentException("lacks generation, master or since");
            }
            return new MastershipRecord(datapathId, Long.parseLong(generation), master, Instant.parse(since));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "unreadable generation node of " + ClusterPaths.dpidNode(datapathId) + ": " + e.getMessage(), e);
        }
    }
}
