package io.natflow.cluster;

/**
 * Hears this instance's mastership changes. Called on one thread, in order, never concurrently;
 * an implementation must not block (it starts work, e.g. a ROLE_REQUEST, and returns).
 */
public interface MastershipListener {

    /**
     * This instance won the election for the datapath. {@code generationId} is larger than any
     * handed out for this datapath before, on any instance: send it in ROLE_REQUEST(MASTER).
     */
    void becameMaster(long datapathId, long generationId);

    /**
     * This instance is no longer master of the datapath: stop writing to it now. When the
     * ZooKeeper connection is SUSPENDED or LOST this comes for every mastered datapath at once,
     * before anyone else can have been elected.
     */
    void lostMastership(long datapathId);
}
