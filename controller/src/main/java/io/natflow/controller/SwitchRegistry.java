package io.natflow.controller;

import java.util.Collection;
import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;

/** The switches that completed the handshake and are still connected. */
public interface SwitchRegistry {

    Collection<OpenFlowSwitch> switches();

    Optional<OpenFlowSwitch> get(DatapathId datapathId);

    default int size() {
        return switches().size();
    }
}
