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
}
