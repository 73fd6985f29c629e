package io.natflow.rest.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.natflow.rest.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The rule store as one JSON file, written as the forward store is (JsonFileForwardStore): a
 * temporary file forced to disk and renamed over the store, so a crash leaves the old file or the
 * new one. A file that does not parse stops startup with a message naming it; it is never replaced.
 */
public final class JsonFileRuleStore {
    private final Path file;
    private final ObjectMapper mapper = Jackson.newObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public JsonFileRuleStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public String location() {
        return file.toString();
    }

    public StoredRules load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return StoredRules.empty();
        } catch (IOException e) {
            throw corrupt("cannot be read (" + e + ")");
        }
        StoredRules stored;
        try {
            stored = mapper.readValue(bytes, StoredRules.class);
        } catch (JsonProcessingException e) {
            throw corrupt("is not a valid rule store: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw corrupt("cannot be read (" + e + ")");
        }
        if (stored == null || stored.routers() == null) {
            throw corrupt("has no \"routers\" object");
        }
        if (stored.version() != StoredRules.VERSION) {
            throw corrupt("has version " + stored.version() + "; this natflow reads version " + StoredRules.VERSION);
        }
        return stored;
    }

    IllegalStateException corrupt(String problem) {
        return new IllegalStateException("rule store " + file + " " + problem
                + ". natflow does not replace it: fix the file, or move it away to start with natflow.yml's rules");
    }

    public synchronized void save(StoredRules rules) throws IOException {
        new AtomicFile(file).write(mapper.writeValueAsBytes(rules));
    }
}
