package io.natflow.rest.forwards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileForwardStoreTest {
    @TempDir
    Path dir;

    private static StoredForwards one() {
        return new StoredForwards(
                1,
                2,
                List.of(new StoredForwards.Forward(
                        "1",
                        "0000000000000001",
                        "tcp",
                        "203.0.113.1",
                        9090,
                        "10.0.0.12",
                        9000,
                        1,
                        "x",
                        Instant.parse("2026-01-01T00:00:00Z"))));
    }

    @Test
    void missingFileIsAnEmptyStore() {
        assertEquals(StoredForwards.empty(), new JsonFileForwardStore(dir.resolve("var/forwards.json")).load());
    }

    @Test
    void savesAtomicallyAndReadsBack() throws IOException {
        JsonFileForwardStore store = new JsonFileForwardStore(dir.resolve("var/forwards.json"));
        store.save(one());
        store.save(one());
        assertEquals(one(), store.load());
        try (Stream<Path> files = Files.list(dir.resolve("var"))) {
            assertEquals(
                    List.of("forwards.json"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void leftoverTempFilesOfACrashAreRemovedAndTheStoreIsIntact() throws IOException {
        JsonFileForwardStore store = new JsonFileForwardStore(dir.resolve("forwards.json"));
        store.save(one());
        Files.writeString(dir.resolve(".forwards.json.123.tmp"), "{\"version\":1,\"nextId\":");
        store.removeLeftovers();
        assertEquals(one(), store.load());
        assertTrue(Files.notExists(dir.resolve(".forwards.json.123.tmp")));
    }

    @Test
    void aCorruptStoreIsAnErrorNamingTheFileAndIsKept() throws IOException {
        Path file = dir.resolve("forwards.json");
        for (String bad : List.of(
                "{\"version\":1,\"nextId\":2,\"forwards\":[{\"id\":\"1\"",
                "not json at all",
                "{\"version\":9,\"nextId\":1,\"forwards\":[]}",
                "{\"version\":1,\"nextId\":1}",
                "{\"version\":1,\"nextId\":1,\"forwards\":[{\"id\":\"1\"}]}")) {
            Files.writeString(file, bad);
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> new JsonFileForwardStore(file).load(), bad);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("does not replace it"), e.getMessage());
            assertEquals(bad, Files.readString(file));
        }
    }
}
