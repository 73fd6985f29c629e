package io.natflow.cluster;

/** A compare-and-set write lost: the document is no longer at the expected version. Read it again. */
public final class DocumentConflictException extends Exception {
    private final int expectedVersion;

    public DocumentConflictException(String path, int expectedVersion) {
        super(path + " is no longer at version " + expectedVersion + " (another instance wrote it); read it again");
        this.expectedVersion = expectedVersion;
    }

    public int expectedVersion() {
        return expectedVersion;
    }
}
