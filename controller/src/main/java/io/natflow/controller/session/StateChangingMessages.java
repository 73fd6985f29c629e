package io.natflow.controller.session;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * The messages a SLAVE connection must not send: the ones OpenFlow 1.3 (§6.3.5) denies a slave,
 * plus SET_CONFIG (switch-wide) and EXPERIMENTER (it may change anything; natflow sends none
 * after the handshake). SET_ASYNC stays allowed: it only configures what this connection receives,
 * and the specification lets a slave send it.
 */
final class StateChangingMessages {
    private static final Set<OFType> TYPES = EnumSet.of(
            OFType.FLOW_MOD,
            OFType.GROUP_MOD,
            OFType.PORT_MOD,
            OFType.TABLE_MOD,
            OFType.METER_MOD,
            OFType.PACKET_OUT,
            OFType.SET_CONFIG,
            OFType.EXPERIMENTER);

    private StateChangingMessages() {}

    static boolean isStateChanging(OFMessage message) {
        return TYPES.contains(message.getType());
    }

    static long count(List<? extends OFMessage> messages) {
        return messages.stream().filter(StateChangingMessages::isStateChanging).count();
    }
}
