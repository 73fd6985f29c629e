package io.natflow.rest.switches;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchPort;
import io.natflow.controller.SwitchRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.projectfloodlight.openflow.types.DatapathId;

/** Reads the controller's registry and turns switches into views. */
public final class RegistrySwitchService implements SwitchService {
    private final SwitchRegistry registry;

    public RegistrySwitchService(SwitchRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<SwitchView> list() {
        return registry.switches().stream()
                .map(RegistrySwitchService::view)
                .sorted(Comparator.comparing(SwitchView::datapathId))
                .toList();
    }

    @Override
    public Optional<SwitchView> get(String datapathId) {
        OptionalLong dpid = DatapathIds.parse(datapathId);
        return dpid.isEmpty()
                ? Optional.empty()
                : registry.get(DatapathId.of(dpid.getAsLong())).map(RegistrySwitchService::view);
    }

    private static SwitchView view(OpenFlowSwitch sw) {
        List<SwitchView.PortView> ports =
                sw.ports().stream().map(RegistrySwitchService::view).toList();
        return new SwitchView(
                DatapathIds.format(sw.datapathId().getLong()),
                sw.factory().getVersion().toString(),
                sw.connectedSince(),
                String.valueOf(sw.remoteAddress()),
                ports);
    }

    private static SwitchView.PortView view(SwitchPort port) {
        return new SwitchView.PortView(port.number(), port.name(), port.mac(), port.linkDown(), port.adminDown());
    }
}
