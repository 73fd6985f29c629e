package io.natflow.rest.forwards;

import io.natflow.rest.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The forward store as one JSON file. A save writes a temporary file in the same directory,
 * forces it to disk, renames it over the store atomically and forces the directory, so a crash
 * leaves either the old file or the new one, never a mix. A file that does not parse is an error
 * that names the file; it is never replaced silently.
 */
public final class JsonFileForwardStore implements ForwardStore {

    private final Path file;
    private final ForwardStoreCodec codec = new ForwardStoreCodec();

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
        return codec.decode(bytes, this::corrupt);
    }

    /** Reports a store that cannot be used; callers stop startup with it. */
    private IllegalStateException corrupt(String problem) {
        return new IllegalStateException("forward store " + file + " " + problem
                + ". natflow does not replace it: fix the file, or move it away to start without the forwards it "
                + "holds (forwardStore.file in natflow.yml)");
    }

    @Override
    public synchronized void save(StoredForwards forwards) throws IOException {
        new AtomicFile(file).write(codec.encode(forwards));
    }

    /** Removes temporary files a crash during {@link #save} may have left next to the store. */
    public void removeLeftovers() throws IOException {
        new AtomicFile(file).removeLeftovers();
    }
}
