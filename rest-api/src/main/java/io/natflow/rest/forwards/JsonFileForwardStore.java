package io.natflow.rest.forwards;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The forward store as one JSON file. A save writes a temporary file in the same directory,
 * forces it to disk, renames it over the store atomically and forces the directory, so a crash
 * leaves either the old file or the new one, never a mix. A file that does not parse is an error
 * that names the file; it is never replaced silently.
 */
public final class JsonFileForwardStore implements ForwardStore {
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path file;
    private final ObjectMapper mapper = Jackson.newObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public JsonFileForwardStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public StoredForwards load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return StoredForwards.empty();
        } catch (IOException e) {
            throw corrupt("cannot be read (" + e + ")");
        }
        StoredForwards stored;
        try {
            stored = mapper.readValue(bytes, StoredForwards.class);
        } catch (JsonProcessingException e) {
            throw corrupt("is not a valid forward store: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " at line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw corrupt("cannot be read (" + e + ")");
        }
        check(stored);
        return stored;
    }

    private void check(StoredForwards s) {
        if (s == null || s.forwards() == null) {
            throw corrupt("has no \"forwards\" list");
        }
        if (s.version() != StoredForwards.VERSION) {
            throw corrupt("has version " + s.version() + "; this natflow reads version " + StoredForwards.VERSION);
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < s.forwards().size(); i++) {
            StoredForwards.Forward f = s.forwards().get(i);
            String where = "forwards[" + i + "]";
            if (f == null
                    || f.id() == null
                    || f.protocol() == null
                    || f.publicAddress() == null
                    || f.internalAddress() == null
                    || f.datapathId() == null) {
                throw corrupt(where + " lacks id, datapathId, protocol, publicAddress or internalAddress");
            }
            if (!ids.add(f.id())) {
                throw corrupt(where + " repeats id " + f.id());
            }
        }
    }

    /** Reports a store that cannot be used; callers stop startup with it. */
    private IllegalStateException corrupt(String problem) {
        return new IllegalStateException("forward store " + file + " " + problem
                + ". natflow does not replace it: fix the file, or move it away to start without the forwards it "
                + "holds (forwardStore.file in natflow.yml)");
    }

    @Override
    public synchronized void save(StoredForwards forwards) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        byte[] bytes = mapper.writeValueAsBytes(forwards);
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel out =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory(dir);
    }

    /** Removes temporary files a crash during {@link #save} may have left next to the store. */
    public void removeLeftovers() throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> temps =
                Files.newDirectoryStream(dir, "." + file.getFileName() + ".*" + TEMP_SUFFIX)) {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened; the rename itself is still atomic.
        }
    }
}
