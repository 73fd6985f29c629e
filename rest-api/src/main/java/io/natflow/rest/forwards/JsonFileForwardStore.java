package io.natflow.rest.forwards;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The forward store as one JSON file. A save writes a temporary file in the same directory,
 * forces it to disk, renames it over the store atomically and forces the directory, so a crash
 * leaves either the old file or the new one, never a mix. A file that does not parse is an error
 * that names the file; it is never replaced silently.
 */
public final class JsonFileForwardStore implements ForwardStore {
    private static final String TEMP_SUFFIX = ".tmp";

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
        Path dir = file.getParent();
        Files.createDirectories(dir);
        byte[] bytes = codec.encode(forwards);
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
