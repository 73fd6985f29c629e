package io.natflow.nat.openflow;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * The switch settings a NAT router needs before its pipeline: how the datapath treats IP
 * fragments (carried by the handshake's one SET_CONFIG, see {@link NatApp#configFlags}), and
 * which asynchronous messages it gets (sent when the router starts).
 */
final class SwitchConfigMessages {
    private SwitchConfigMessages() {}

    /**
     * Fragment handling "nx-match" (OVS's OFPC_FRAG_NX_MATCH = 3): first fragments keep their
     * L4 ports, so they match the session flows; later fragments (ports 0) miss and reach the
     * slow path. With the default "normal" OVS zeroes the ports of every fragment, so a first
     * fragment never matched the flow installed for it and looped packet-out -> miss ->
     * packet-in forever. loxi has no OF 1.3 name for 3; DROP|REASM is the same wire value.
     */
    static final Set<OFConfigFlags> FRAGMENT_FLAGS =
            java.util.Collections.unmodifiableSet(EnumSet.of(OFConfigFlags.FRAG_DROP, OFConfigFlags.FRAG_REASM));

    static List<OFMessage> of(OFFactory f) {
        return List.of(asyncConfig(f));
    }

    /** Packet-ins for table miss, actions and invalid TTL; every flow-removed reason; all port status. */
    private static OFMessage asyncConfig(OFFactory f) {
        return f.buildAsyncSet()
                .setPacketInMaskEqualMaster(0b111)
                .setPacketInMaskSlave(0)
                .setPortStatusMaskEqualMaster(0b111)
                .setPortStatusMaskSlave(0)
                .setFlowRemovedMaskEqualMaster(0b1111)
                .setFlowRemovedMaskSlave(0)
                .build();
    }
}
