package io.natflow.rest;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.openflow.NatApp;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.rest.config.ForwardFactory;
import io.natflow.rest.config.RouterFactory;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A NAT router like natflow.yml's (no switch connected) for service and resource tests. */
public final class Fixtures {
    public static final long DPID = 1;
    public static final String SWITCH = "0000000000000001";

    private Fixtures() {}

    /** natflow.yml's router: LAN 10.0.0.0/24, public 203.0.113.1, config forward tcp 8080 -> 10.0.0.13:80. */
    public static RouterFactory routerFactory() {
        RouterFactory r = new RouterFactory();
        r.datapathId = SWITCH;
        r.lanPrefix = "10.0.0.0/24";
        r.routerAddress = "10.0.0.1";
        r.routerMac = "02:00:00:00:00:01";
        r.lanPorts = List.of("s1-eth1", "s1-eth2", "s1-eth3");
        r.wanPort = "s1-eth4";
        r.publicAddresses = List.of("203.0.113.1");
        r.gateway = "203.0.113.254";
        ForwardFactory f = new ForwardFactory();
        f.protocol = Protocol.TCP;
        f.publicPort = "8080";
        f.internal = "10.0.0.13:80";
        f.description = "web server on h3";
        r.forwards = List.of(f);
        r.pcp.enabled = true; // hosts may lease forwards (PCP / NAT-PMP); listed with the others
        r.pcp.portRanges = List.of("5000-5099");
        return r;
    }

    public static RouterConfig routerConfig() {
        return routerFactory().build("routers[0]");
    }

    /** A NAT app with one router; time comes from {@code clock}. */
    public static NatApp natApp(AtomicLong clock) {
        return new NatApp(List.of(routerConfig()), Executors.newSingleThreadScheduledExecutor(), clock::get);
    }

    /** Makes an outbound mapping in the core as a packet-in would (a task on the router's loop); returns its id. */
    public static long outbound(NatApp app, Protocol protocol, String internal, String remote) {
        Endpoint in = Endpoint.parse(internal);
        Endpoint out = Endpoint.parse(remote);
        return app.inspect(DPID, nat -> {
                    OutboundDecision d =
                            nat.translateOutbound(protocol, in.ip(), in.port(), out.ip(), out.port(), 0, app.now());
                    Mapping m = ((OutboundDecision.Translate) d).mapping();
                    return m.id();
                })
                .join();
    }

    /** Reads the router's core on its loop: for assertions on state the API does not show. */
    public static <T> T core(NatApp app, java.util.function.Function<io.natflow.nat.core.Nat, T> read) {
        return app.inspect(DPID, read).join();
    }
}
