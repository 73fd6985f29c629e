package io.natflow.controller.testing;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;

/** A {@link SwitchListener} that records every call, in order, for assertions from any thread. */
public final class RecordingListener implements SwitchListener {

    /** One listener call: its kind, the switch it was about and the message, if any. */
    public record Event(Kind kind, OpenFlowSwitch sw, Object message) {
        @Override
        public String toString() {
            return kind + " " + sw.datapathId();
        }
    }

    public enum Kind {
        UP,
        DOWN,
        PORT_STATUS,
        PACKET_IN,
        FLOW_REMOVED,
        ERROR,
        DEMOTED
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void switchUp(OpenFlowSwitch sw) {
        events.add(new Event(Kind.UP, sw, null));
    }

    @Override
    public void switchDown(OpenFlowSwitch sw) {
        events.add(new Event(Kind.DOWN, sw, null));
    }

    @Override
    public void portStatus(OpenFlowSwitch sw, OFPortStatus status) {
        events.add(new Event(Kind.PORT_STATUS, sw, status));
    }

    @Override
    public void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn) {
        events.add(new Event(Kind.PACKET_IN, sw, packetIn));
    }

    @Override
    public void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved flowRemoved) {
        events.add(new Event(Kind.FLOW_REMOVED, sw, flowRemoved));
    }

    @Override
    public void demoted(OpenFlowSwitch sw) {
        events.add(new Event(Kind.DEMOTED, sw, null));
    }

    @Override
    public void error(OpenFlowSwitch sw, OFErrorMsg error) {
        events.add(new Event(Kind.ERROR, sw, error));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> events(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** The kinds of all events so far, in order. */
    public List<Kind> kinds() {
        return events.stream().map(Event::kind).toList();
    }

    /** The messages of the events of this kind, cast to the type. */
    public <T> List<T> messages(Kind kind, Class<T> type) {
        return events(kind).stream().map(Event::message).map(type::cast).toList();
    }

    public int count(Kind kind) {
        return events(kind).size();
    }

    public void clear() {
        events.clear();
    }
}
