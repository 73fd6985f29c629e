package io.natflow.rest.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file so that a crash leaves either the old or the new content, never a mix: the
 * bytes go to a temporary file next to it, are forced to disk, then renamed over it atomically.
 * The stores of forwards and rules keep their JSON this way.
 */
public final class AtomicFile {
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path file;

    public AtomicFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    /** Replaces the file's content with {@code bytes}, creating its directory if needed. */
    public void write(byte[] bytes) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
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

    /** Removes temporary files a crash during {@link #write} may have left next to the file. */
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
