package io.natflow.nat.openflow;

import io.natflow.controller.SwitchPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.types.OFPort;

/** The configured LAN and WAN ports resolved to numbers on one switch. */
public record SwitchPorts(List<OFPort> lan, OFPort wan) {

    public boolean isLan(OFPort port) {
        return lan.contains(port);
    }

    /**
     * Resolves names or numbers against the switch's ports.
     *
     * @throws IllegalStateException naming every configured port the switch does not have
     */
    public static SwitchPorts resolve(RouterConfig config, List<SwitchPort> ports) {
        List<String> missing = new ArrayList<>();
        List<OFPort> lan = new ArrayList<>();
        for (String name : config.lanPorts()) {
            find(name, ports).ifPresentOrElse(lan::add, () -> missing.add(name));
        }
        Optional<OFPort> wan = find(config.wanPort(), ports);
        if (wan.isEmpty()) {
            missing.add(config.wanPort());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("switch has no port(s) " + missing + "; it has "
                    + ports.stream().map(p -> p.number() + "/" + p.name()).toList());
        }
        return new SwitchPorts(List.copyOf(lan), wan.get());
    }

    static Optional<OFPort> find(String nameOrNumber, List<SwitchPort> ports) {
        for (SwitchPort port : ports) {
            if (port.name().equals(nameOrNumber) || Long.toString(port.number()).equals(nameOrNumber)) {
                return Optional.of(OFPort.of((int) port.number()));
            }
        }
        return Optional.empty();
    }
}
