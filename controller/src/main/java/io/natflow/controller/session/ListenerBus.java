package io.natflow.controller.session;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchListener;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to every listener; one failing listener is logged and does not stop the rest. */
public final class ListenerBus {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerBus.class);
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();

    public void add(SwitchListener listener) {
        listeners.add(listener);
    }

    /** The union of every listener's {@link SwitchListener#configFlags}; a listener that throws adds none. */
    public Set<OFConfigFlags> configFlags(DatapathId datapathId) {
        Set<OFConfigFlags> flags = EnumSet.noneOf(OFConfigFlags.class);
        for (SwitchListener listener : listeners) {
            try {
                flags.addAll(listener.configFlags(datapathId));
            } catch (RuntimeException e) {
                LOG.error("listener {} failed to give the config flags of switch {}", listener, datapathId, e);
            }
        }
        return flags;
    }

    public void publish(OpenFlowSwitch sw, String event, Consumer<SwitchListener> call) {
        for (SwitchListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("listener {} failed on {} from switch {}", listener, event, sw.datapathId(), e);
            }
        }
    }
}
