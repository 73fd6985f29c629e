package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.service.NatService;
import io.natflow.rest.api.Await;

/** The forward verbs of a router's NAT, through the NAT service (each one task on the router's loop). */
final class ForwardCore {
    private final NatService nat;

    ForwardCore(NatService nat) {
        this.nat = nat;
    }

    ForwardResult add(long datapathId, PortForward rule) {
        return Await.result(nat.addForward(datapathId, rule));
    }

    /** Swaps {@code old} for {@code replacement} in one step; the two may share ports and endpoints. */
    ReplaceResult replace(long datapathId, PortForward old, PortForward replacement) {
        return Await.result(nat.replaceForward(datapathId, old, replacement));
    }

    /** Takes the rule out of the core and the flows of its sessions out of the switch. */
    void remove(long datapathId, PortForward rule) {
        Await.result(nat.removeForward(datapathId, rule));
    }
}
