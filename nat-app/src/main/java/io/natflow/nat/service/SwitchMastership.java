package io.natflow.nat.service;

import java.util.Optional;

/**
 * One switch in the cluster view: its elected master (empty while none is) and this instance's
 * role on its connection: MASTER, SLAVE, EQUAL, or NONE when the switch is not connected here.
 */
public record SwitchMastership(long datapathId, Optional<MasterClaim> master, String localRole) {}
