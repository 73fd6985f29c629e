package io.natflow.controller;

import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;

/** One port of a switch as last described by PORT_DESC or PORT_STATUS. */
public record SwitchPort(long number, String name, String mac, boolean linkDown, boolean adminDown) {

    public static SwitchPort of(OFPortDesc desc) {
        return new SwitchPort(
                desc.getPortNo().getPortNumber() & 0xffffffffL,
                desc.getName(),
                desc.getHwAddr().toString(),
                desc.getState().contains(OFPortState.LINK_DOWN),
                desc.getConfig().contains(OFPortConfig.PORT_DOWN));
    }
}
