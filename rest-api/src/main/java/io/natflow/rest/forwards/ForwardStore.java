package io.natflow.rest.forwards;

/** Where API forwards persist. */
public interface ForwardStore {

    /**
     * The stored forwards; {@link StoredForwards#empty()} if nothing was stored yet.
     *
     * @throws IllegalStateException if the store exists but cannot be read or parsed; the
     *                               message names the store and the problem
     */
    StoredForwards load();

    /** Replaces the stored forwards atomically: afterwards the store holds either the old or the new state. */
    void save(StoredForwards forwards) throws java.io.IOException;

    /** Where the store lives, for messages and the config view. */
    String location();

    /** Whether other instances write this store too (then a write reads it again first, under {@link #exclusive}). */
    default boolean shared() {
        return false;
    }

    /** Runs a read-change-write of the store so that no other instance's write comes between (alone: just runs it). */
    default <T> T exclusive(java.util.function.Supplier<T> write) {
        return write.get();
    }
}
