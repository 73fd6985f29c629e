package io.natflow.rest.switches;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchPort;
import io.natflow.controller.SwitchRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
        String wanted = DatapathIds.normalize(datapathId);
        return list().stream().filter(s -> s.datapathId().equals(wanted)).findFirst();
    }

    private static SwitchView view(OpenFlowSwitch sw) {
        List<SwitchView.PortView> ports = sw.ports().stream().map(RegistrySwitchService::view).toList();
        return new SwitchView(DatapathIds.format(sw.datapathId().getLong()), sw.factory().getVersion().toString(),
                sw.connectedSince(), String.valueOf(sw.remoteAddress()), ports);
    }

    private static SwitchView.PortView view(SwitchPort port) {
        return new SwitchView.PortView(port.number(), port.name(), port.mac(), port.linkDown(), port.adminDown());
    }
}
