package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.openflow.NatApp;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** The forward verbs of a router's NAT core; each is one change under the router's lock. */
final class ForwardCore {
    private final NatApp app;

    ForwardCore(NatApp app) {
        this.app = app;
    }

    ForwardResult add(long datapathId, PortForward rule) {
        return app.change(datapathId, router -> new NatApp.Change<>(router.addForward(rule, app.now()),
                List.<OFMessage>of())).orElseThrow();
    }

    /** Swaps {@code old} for {@code replacement} in one step; the two may share ports and endpoints. */
    ReplaceResult replace(long datapathId, PortForward old, PortForward replacement) {
        return app.change(datapathId, router -> router.replaceForward(old, replacement, app.now())).orElseThrow();
    }

    /** Takes the rule out of the core and the flows of its sessions out of the switch. */
    void remove(long datapathId, PortForward rule) {
        app.change(datapathId, router -> {
            Optional<List<OFMessage>> messages = router.removeForward(rule, app.now());
            return new NatApp.Change<>(messages.isPresent(), messages.orElse(List.of()));
        });
    }
}
