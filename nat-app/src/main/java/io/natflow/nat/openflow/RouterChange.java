package io.natflow.nat.openflow;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** A router change's result and the messages that carry it out in the switch. */
record RouterChange<T>(T result, List<OFMessage> messages) {
    RouterChange {
        messages = List.copyOf(messages);
    }

    static <T> RouterChange<T> of(T result) {
        return new RouterChange<>(result, List.of());
    }
}
