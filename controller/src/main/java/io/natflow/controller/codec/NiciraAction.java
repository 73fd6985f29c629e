package io.natflow.controller.codec;

import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;

/**
 * An Open vSwitch (Nicira, experimenter 0x00002320) action that loxi has no class for, written
 * by its subclass's {@code writeTo}. Write-only: loxi cannot read it back, which
 * {@link UnreadableActionFilter} deals with for flow-stats replies.
 */
abstract class NiciraAction implements OFActionExperimenter {
    static final long NICIRA = 0x2320L;

    @Override
    public final OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public final long getExperimenter() {
        return NICIRA;
    }

    @Override
    public final OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public final OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is built by its constructor");
    }
}
