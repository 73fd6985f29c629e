package io.natflow.rest.switches;

import java.time.Instant;
import java.util.List;

/** A connected switch as the REST API shows it; the datapath id is 16 hex digits, as ovs-ofctl prints it. */
public record SwitchView(
        String datapathId, String ofVersion, Instant connectedSince, String remoteAddress, List<PortView> ports) {

    /** A switch port; {@code number} is unsigned (LOCAL is 4294967294). */
    public record PortView(long number, String name, String mac, boolean linkDown, boolean adminDown) {}
}
