package io.natflow.controller.session;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Ready switches by datapath id. The established connection keeps its id while it is alive (it
 * stays connected only while it answers echo, see {@link KeepaliveHandler}); a newcomer claiming
 * the id of a live connection is refused. Only a closed connection that has not been unregistered
 * yet is replaced.
 */
public final class DefaultSwitchRegistry implements SwitchRegistry {
    private final ConcurrentMap<DatapathId, SwitchConnection> byId = new ConcurrentHashMap<>();

    /** The outcome of {@link #register}. */
    sealed interface Registration {}

    /** Registered; {@code replaced} is a closed connection that still held the id. */
    record Registered(Optional<SwitchConnection> replaced) implements Registration {}

    /** Not registered: {@code holder} is the live connection that holds the id. */
    record Refused(SwitchConnection holder) implements Registration {}

    /** Registers the connection unless a live connection holds its datapath id. */
    Registration register(SwitchConnection connection) {
        SwitchConnection[] previous = new SwitchConnection[1];
        SwitchConnection holder = byId.compute(connection.datapathId(), (id, current) -> {
            previous[0] = current;
            return current != null && current.isConnected() ? current : connection;
        });
        if (holder != connection) {
            return new Refused(holder);
        }
        return new Registered(Optional.ofNullable(previous[0]));
    }

    /** Removes the connection only if it is still the registered one for its datapath id. */
    boolean unregister(SwitchConnection connection) {
        return byId.remove(connection.datapathId(), connection);
    }

    @Override
    public Collection<OpenFlowSwitch> switches() {
        return List.copyOf(byId.values());
    }

    @Override
    public Optional<OpenFlowSwitch> get(DatapathId datapathId) {
        return Optional.ofNullable(byId.get(datapathId));
    }

    @Override
    public int size() {
        return byId.size();
    }
}
