package io.natflow.controller;

import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * What applications hear about switches. Called on the switch's I/O thread, so an implementation
 * must not block; a listener that throws is logged and the others still run.
 */
public interface SwitchListener {

    /**
     * The switch-config flags (OFPC_FRAG_*: how the datapath treats IP fragments) this
     * application needs on switch {@code datapathId}. Asked during the handshake, before the
     * switch is up: its one SET_CONFIG carries them with the miss length, so no application sends
     * a SET_CONFIG of its own. Flags of several listeners are OR-ed: one application owns them.
     */
    default Set<OFConfigFlags> configFlags(DatapathId datapathId) {
        return Set.of();
    }

    /** The switch finished the handshake and its table-miss entry has been sent. */
    default void switchUp(OpenFlowSwitch sw) {}

    /** The switch disconnected or was dropped (a newcomer with its datapath id is refused while it lives). */
    default void switchDown(OpenFlowSwitch sw) {}

    default void portStatus(OpenFlowSwitch sw, OFPortStatus status) {}

    default void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn) {}

    default void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved flowRemoved) {}

    /**
     * The switch refused a write with OFPBRC_IS_SLAVE: another controller became master, so this
     * connection is SLAVE now and sends no more state-changing messages. Once per demotion.
     */
    default void demoted(OpenFlowSwitch sw) {}

    /** An OFPT_ERROR that no pending request claimed. */
    default void error(OpenFlowSwitch sw, OFErrorMsg error) {}
}
