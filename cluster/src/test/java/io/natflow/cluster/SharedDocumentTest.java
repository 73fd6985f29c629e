package io.natflow.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared forwards document: versions, compare-and-set, watches, across two instances' sessions. */
@Timeout(60)
class SharedDocumentTest {
    private TestingServer zk;
    private ClusterConnection a;
    private ClusterConnection b;
    private SharedDocument docA;
    private SharedDocument docB;

    @BeforeEach
    void start() throws Exception {
        zk = ZooKeeperServers.single();
        a = ClusterConnection.open(
                ClusterConfig.of(zk.getConnectString(), "a", URI.create("http://127.0.0.1:1/")), ClusterNode.WAIT);
        b = ClusterConnection.open(
                ClusterConfig.of(zk.getConnectString(), "b", URI.create("http://127.0.0.1:2/")), ClusterNode.WAIT);
        docA = SharedDocument.forwards(a);
        docB = SharedDocument.forwards(b);
    }

    @AfterEach
    void stop() throws Exception {
        docA.close();
        docB.close();
        a.close();
        b.close();
        zk.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void absentUntilTheFirstWriteThenVersioned() throws Exception {
        assertFalse(docA.read().exists());

        VersionedDocument first = docA.write(VersionedDocument.ABSENT_VERSION, utf8("{\"forwards\":[]}"));
        VersionedDocument second = docB.write(first.version(), utf8("{\"forwards\":[1]}"));

        assertEquals(0, first.version());
        assertEquals(1, second.version());
        assertEquals(second, docA.read(), "the other instance reads what b wrote");
    }

    @Test
    void aWriteAtAStaleVersionIsAConflictAndChangesNothing() throws Exception {
        VersionedDocument base = docA.write(VersionedDocument.ABSENT_VERSION, utf8("v0"));
        VersionedDocument readByA = docA.read();
        VersionedDocument readByB = docB.read();
        docB.write(readByB.version(), utf8("b's change"));

        DocumentConflictException conflict =
                assertThrows(DocumentConflictException.class, () -> docA.write(readByA.version(), utf8("a's change")));

        assertEquals(base.version(), conflict.expectedVersion());
        assertArrayEquals(utf8("b's change"), docA.read().data());
        assertThrows(
                DocumentConflictException.class,
                () -> docA.write(VersionedDocument.ABSENT_VERSION, utf8("again")),
                "creating an existing document is a conflict too");
    }

    @Test
    void everyInstanceHearsTheNewVersion() throws Exception {
        List<VersionedDocument> heardByB = new CopyOnWriteArrayList<>();
        docB.addListener(heardByB::add);
        docB.start();

        VersionedDocument v0 = docA.write(VersionedDocument.ABSENT_VERSION, utf8("one"));
        Await.until(() -> heardByB.contains(v0), "b hears version 0");
        VersionedDocument v1 = docA.write(v0.version(), utf8("two"));
        Await.until(() -> heardByB.contains(v1), "b hears version 1");

        assertEquals(List.of(v0, v1), heardByB);
    }

    @Test
    void aDocumentTooLargeForZooKeeperIsRefusedBeforeSending() {
        assertThrows(
                IllegalArgumentException.class,
                () -> docA.write(VersionedDocument.ABSENT_VERSION, new byte[SharedDocument.MAX_BYTES + 1]));
    }
}
