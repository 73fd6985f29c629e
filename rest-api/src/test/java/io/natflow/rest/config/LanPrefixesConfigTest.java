package io.natflow.rest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.openflow.Route;
import io.natflow.nat.openflow.RouterConfig;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code lanPrefixes:}, {@code routes:} and {@code wanPrefix:} of a router (issue 14 item 3). */
class LanPrefixesConfigTest {
    private static final String YAML = """
            datapathId: "0000000000000001"
            lanPrefixes:
              - 10.0.0.0/24
              - {prefix: 10.1.0.0/24, via: 10.0.0.254}
            routerAddress: 10.0.0.1
            routerMac: "02:00:00:00:00:01"
            lanPorts: [s1-eth1]
            wanPort: s1-eth4
            publicAddresses: [203.0.113.1]
            gateway: 203.0.113.254
            wanPrefix: 203.0.113.0/24
            routes:
              - {prefix: 198.51.100.0/24, via: 203.0.113.253}
            """;

    private static RouterFactory parse() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readValue(YAML, RouterFactory.class);
    }

    @Test
    void bareAndRoutedLanPrefixesAndStaticRoutesBuild() throws Exception {
        RouterConfig c = parse().build("routers[0]");
        assertEquals(new Ipv4Prefix(Ipv4.parse("10.0.0.0"), 24), c.lanPrefix());
        assertEquals(
                List.of(new Route(Ipv4Prefix.parse("10.1.0.0/24"), Ipv4.parse("10.0.0.254"))),
                c.routes().lan());
        assertEquals(
                List.of(new Route(Ipv4Prefix.parse("198.51.100.0/24"), Ipv4.parse("203.0.113.253"))),
                c.routes().wan());
        assertTrue(c.inLan(Ipv4.parse("10.1.0.5")) && c.isLanHost(Ipv4.parse("10.1.0.5")));
        assertTrue(!c.onLink(Ipv4.parse("10.1.0.5")));
    }

    @Test
    void theSingleLanPrefixStillWorksAndBothAreAnError() throws Exception {
        RouterFactory single = parse();
        single.lanPrefixes = List.of();
        single.lanPrefix = "10.0.0.0/24";
        assertEquals(24, single.build("routers[0]").lanPrefixLength());
        RouterFactory both = parse();
        both.lanPrefix = "10.0.0.0/24";
        assertEquals("routers[0]: give lanPrefix or lanPrefixes, not both", message(both));
        RouterFactory none = parse();
        none.lanPrefixes = List.of();
        assertTrue(message(none).startsWith("routers[0].lanPrefixes: at least one"), message(none));
    }

    @Test
    void wrongPrefixesAndNextHopsNameTheSetting() throws Exception {
        assertRefused(f -> f.lanPrefixes.get(1).prefix = "10.0.0.128/25", "routers[0].lanPrefixes[1]: ", "overlaps");
        assertRefused(f -> f.lanPrefixes.get(1).via = "10.5.0.1", "routers[0].lanPrefixes[1].via: ", "not a host");
        assertRefused(f -> f.lanPrefixes.get(1).via = null, "routers[0].lanPrefixes[1]: ", "needs a via");
        assertRefused(f -> f.lanPrefixes.get(1).prefix = "10.1.0.0/99", "routers[0].lanPrefixes[1].prefix", "");
        assertRefused(f -> f.routes.get(0).via = "192.0.2.1", "routers[0].routes[0].via: ", "WAN prefix");
        assertRefused(f -> f.routes.get(0).prefix = "10.0.0.0/8", "routers[0].routes[0]: ", "overlaps LAN prefix");
        assertRefused(f -> f.wanPrefix = null, "routers[0].routes[0]: ", "wanPrefix");
        assertRefused(f -> f.wanPrefix = "192.0.2.0/24", "routers[0].gateway: ", "outside wanPrefix");
        assertRefused(f -> f.routes.add(f.routes.get(0)), "routers[0].routes: ", "two routes for 198.51.100.0/24");
        assertRefused(
                f -> f.lanPrefixes = java.util.Arrays.asList(f.lanPrefixes.get(0), null),
                "routers[0].lanPrefixes[1]: ",
                "empty");
    }

    private static void assertRefused(Consumer<RouterFactory> change, String prefix, String contains) throws Exception {
        RouterFactory f = parse();
        f.routes = new java.util.ArrayList<>(f.routes);
        change.accept(f);
        String message = message(f);
        assertTrue(message.startsWith(prefix) && message.contains(contains), message);
    }

    private static String message(RouterFactory f) {
        return assertThrows(IllegalArgumentException.class, () -> f.build("routers[0]"))
                .getMessage();
    }
}
