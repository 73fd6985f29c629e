package io.natflow.controller.session;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.projectfloodlight.openflow.types.DatapathId;

/** Ready switches by datapath id; a reconnect with the same id replaces the older connection. */
public final class DefaultSwitchRegistry implements SwitchRegistry {
    private final ConcurrentMap<DatapathId, SwitchConnection> byId = new ConcurrentHashMap<>();

    /** Registers the connection and returns the one it replaced, if any. */
    Optional<SwitchConnection> register(SwitchConnection connection) {
        return Optional.ofNullable(byId.put(connection.datapathId(), connection));
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
