package io.natflow.controller.session;

import io.natflow.controller.SwitchRole;

/**
 * The role of one connection as this controller believes it, kept conservative: a step towards
 * SLAVE takes effect before the switch is asked, a step towards MASTER only once the switch
 * granted it. Each request takes an epoch; a reply applies only while no later request or step
 * down happened, so a late MASTER reply cannot undo a step down. Thread-safe.
 */
final class RoleState {
    private volatile SwitchRole role = SwitchRole.EQUAL;
    private long epoch; // guarded by this
    private long generationId; // guarded by this; of the last granted MASTER/SLAVE request
    private boolean generationKnown; // guarded by this

    SwitchRole role() {
        return role;
    }

    boolean mayChangeState() {
        return role.mayChangeState();
    }

    /** Starts a request; returns its epoch. A request for SLAVE stops writes at once. */
    synchronized long begin(SwitchRole requested) {
        if (requested == SwitchRole.SLAVE) {
            role = SwitchRole.SLAVE;
        }
        return ++epoch;
    }

    /** The switch granted a request; applied only if nothing happened since it began. True if applied. */
    synchronized boolean granted(long requestEpoch, SwitchRole reported, long generation, boolean hasGeneration) {
        if (requestEpoch != epoch) {
            return false;
        }
        role = reported;
        if (hasGeneration) {
            generationId = generation;
            generationKnown = true;
        }
        return true;
    }

    /** Stops writes at once and voids every request in flight; true if the role changed. */
    synchronized boolean stepDown() {
        epoch++;
        boolean changed = role != SwitchRole.SLAVE;
        role = SwitchRole.SLAVE;
        return changed;
    }

    /** The generation id of the last granted MASTER or SLAVE request, or -1 if none. */
    synchronized long lastGenerationId() {
        return generationKnown ? generationId : -1;
    }
}
