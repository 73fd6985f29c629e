package io.natflow.cluster;

import java.util.Arrays;

/**
 * A document's bytes and its ZooKeeper version; {@link #ABSENT_VERSION} when it does not exist
 * yet. Write the next state with this version as the expected one.
 */
public record VersionedDocument(byte[] data, int version) {
    public static final int ABSENT_VERSION = -1;

    public VersionedDocument {
        data = data == null ? new byte[0] : data.clone();
    }

    public static VersionedDocument absent() {
        return new VersionedDocument(new byte[0], ABSENT_VERSION);
    }

    public boolean exists() {
        return version != ABSENT_VERSION;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionedDocument other && version == other.version && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "VersionedDocument[version=" + version + ", " + data.length + " bytes]";
    }
}
