package io.natflow.nat.service;

import java.util.List;
import java.util.Optional;

/**
 * Who masters which switch: the NAT asks it (compete when a switch connects, withdraw when it
 * leaves) and hears the answers. Alone, an instance is granted every switch at once and sends no
 * role requests; in a cluster the implementation is an election in ZooKeeper (rest-api wiring over
 * the cluster module), so nat-app does not depend on ZooKeeper.
 */
public interface Mastership {

    /** Hears this instance's mastership changes, in order, on one thread; must not block. */
    interface Listener {
        /** This instance masters the datapath now; the generation id goes into ROLE_REQUEST(MASTER). */
        void becameMaster(long datapathId, long generationId);

        /** This instance no longer masters the datapath: stop writing to it at once. */
        void lostMastership(long datapathId);
    }

    /** Sets the one listener; before the first {@link #compete}. */
    void listen(Listener listener);

    /** Competes for the datapath (its switch connected here); idempotent. */
    void compete(long datapathId);

    /** Stops competing (its switch left); lostMastership follows if this instance mastered it. */
    void withdraw(long datapathId);

    /** False alone: mastership is granted at once and the switch connection keeps its EQUAL role. */
    boolean requestsRoles();

    /** This instance's id in the cluster. */
    String self();

    /** The coordination service's state: CONNECTED, SUSPENDED, LOST, or DISABLED when alone. */
    String coordination();

    /** The live instances, by id (reads the coordination service). */
    List<ClusterMember> members() throws Exception;

    /** The current master of the datapath, if one is elected (reads the coordination service). */
    Optional<MasterClaim> master(long datapathId) throws Exception;
}
