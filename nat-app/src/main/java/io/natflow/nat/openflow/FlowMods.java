package io.natflow.nat.openflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowModifyStrict;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Small builders over loxi for the messages this app sends; no NAT decisions here. */
final class FlowMods {
    /** Enough of a packet to read Ethernet, IPv4 with options, and the TCP header. */
    static final int HEADER_COPY_BYTES = 128;

    private static final int NO_BUFFER = 0xffff;
    private static final Set<OFFlowModFlags> SESSION_FLAGS =
            Set.of(OFFlowModFlags.SEND_FLOW_REM, OFFlowModFlags.RESET_COUNTS);

    private final OFFactory f;

    FlowMods(OFFactory factory) {
        this.f = factory;
    }

    OFFactory factory() {
        return f;
    }

    OFFlowAdd add(
            TableId table,
            int priority,
            U64 cookie,
            Match match,
            List<OFInstruction> instructions,
            int idleTimeoutSeconds,
            boolean notifyRemoval) {
        OFFlowAdd.Builder b = f.buildFlowAdd()
                .setTableId(table)
                .setPriority(priority)
                .setCookie(cookie)
                .setMatch(match)
                .setInstructions(instructions)
                .setIdleTimeout(idleTimeoutSeconds)
                .setBufferId(OFBufferId.NO_BUFFER);
        if (notifyRemoval) {
            b.setFlags(Set.of(OFFlowModFlags.SEND_FLOW_REM));
        }
        return b.build();
    }

    /**
     * A session flow in NAT: {@code actions}, then ROUTE. The switch reports its removal, and an
     * ADD that replaces it starts its counters from zero, which {@link FlowTimeouts} relies on.
     */
    OFFlowAdd sessionFlow(U64 cookie, Match match, List<OFAction> actions, int idleTimeoutSeconds) {
        return f.buildFlowAdd()
                .setTableId(Tables.NAT)
                .setPriority(SessionFlows.PRIORITY)
                .setCookie(cookie)
                .setMatch(match)
                .setInstructions(applyThenGoto(actions, Tables.ROUTE))
                .setIdleTimeout(idleTimeoutSeconds)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setFlags(SESSION_FLAGS)
                .build();
    }

    /** New actions for a session flow; its timeouts, flags and counters stay (no RESET_COUNTS). */
    OFFlowModifyStrict modifySessionFlow(Match match, List<OFAction> actions) {
        return f.buildFlowModifyStrict()
                .setTableId(Tables.NAT)
                .setPriority(SessionFlows.PRIORITY)
                .setMatch(match)
                .setInstructions(applyThenGoto(actions, Tables.ROUTE))
                .setBufferId(OFBufferId.NO_BUFFER)
                .build();
    }

    /** A flow the switch removes by itself after {@code hardTimeoutSeconds}, whatever the traffic. */
    OFFlowAdd temporary(
            TableId table,
            int priority,
            U64 cookie,
            Match match,
            List<OFInstruction> instructions,
            int hardTimeoutSeconds) {
        return f.buildFlowAdd()
                .setTableId(table)
                .setPriority(priority)
                .setCookie(cookie)
                .setMatch(match)
                .setInstructions(instructions)
                .setHardTimeout(hardTimeoutSeconds)
                .setBufferId(OFBufferId.NO_BUFFER)
                .build();
    }

    OFFlowAdd staticFlow(TableId table, int priority, Match match, List<OFInstruction> instructions) {
        return add(table, priority, Tables.STATIC_COOKIE, match, instructions, 0, false);
    }

    /** Removes every flow of one mapping from the NAT table. */
    OFFlowDelete deleteByCookie(U64 cookie) {
        return f.buildFlowDelete()
                .setTableId(Tables.NAT)
                .setCookie(cookie)
                .setCookieMask(U64.NO_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(org.projectfloodlight.openflow.types.OFGroup.ANY)
                .build();
    }

    OFFlowDeleteStrict deleteStrict(TableId table, int priority, Match match) {
        return f.buildFlowDeleteStrict()
                .setTableId(table)
                .setPriority(priority)
                .setMatch(match)
                .setOutPort(OFPort.ANY)
                .setOutGroup(org.projectfloodlight.openflow.types.OFGroup.ANY)
                .build();
    }

    List<OFInstruction> gotoTable(TableId table) {
        return List.of(f.instructions().gotoTable(table));
    }

    List<OFInstruction> applyThenGoto(List<OFAction> actions, TableId table) {
        List<OFInstruction> out = new ArrayList<>(2);
        out.add(f.instructions().applyActions(actions));
        out.add(f.instructions().gotoTable(table));
        return out;
    }

    List<OFInstruction> apply(List<OFAction> actions) {
        return List.of(f.instructions().applyActions(actions));
    }

    List<OFInstruction> drop() {
        return List.of();
    }

    OFAction toController(int maxLen) {
        return f.actions()
                .buildOutput()
                .setPort(OFPort.CONTROLLER)
                .setMaxLen(maxLen)
                .build();
    }

    OFAction wholePacketToController() {
        return toController(NO_BUFFER);
    }

    OFAction output(OFPort port) {
        return f.actions().buildOutput().setPort(port).setMaxLen(0).build();
    }

    OFAction setField(OFOxm<?> field) {
        return f.actions().setField(field);
    }

    OFAction decrementTtl() {
        return f.actions().decNwTtl();
    }

    /** Sends bytes the controller built or rewrote straight out of {@code port}. */
    OFPacketOut sendOut(OFPort port, byte[] data) {
        return f.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(output(port)))
                .setData(data)
                .build();
    }
}
