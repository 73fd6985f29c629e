package io.natflow.controller.session;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/** The table-miss entry of table 0: priority 0, match all, whole packet to the controller. */
public final class TableMiss {
    /** OFPCML_NO_BUFFER: send the whole packet, do not buffer it in the switch. */
    public static final int NO_BUFFER = 0xffff;

    private TableMiss() {}

    public static OFFlowAdd flow(OFFactory factory, long xid) {
        return factory.buildFlowAdd()
                .setXid(xid)
                .setTableId(TableId.of(0))
                .setPriority(0)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setMatch(factory.buildMatch().build())
                .setInstructions(List.of(factory.instructions()
                        .applyActions(List.of(factory.actions()
                                .buildOutput()
                                .setPort(OFPort.CONTROLLER)
                                .setMaxLen(NO_BUFFER)
                                .build()))))
                .build();
    }
}
