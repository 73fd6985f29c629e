package io.natflow.rest.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.controller.OpenFlowServerConfig;
import io.natflow.rest.Fixtures;
import io.natflow.rest.config.ApiFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ConfigResourceTest {
    private static final String TOKEN = "s3cret-token-4711";

    private final ResourceExtension resources = ResourceExtension.builder()
            .addResource(new ConfigResource(effectiveConfig(api(TOKEN))))
            .build();

    private static ApiFactory api(String token) {
        ApiFactory api = new ApiFactory();
        api.setToken(token);
        return api;
    }

    /** Built from the api section the way NatflowApplication builds it. */
    private static EffectiveConfig effectiveConfig(ApiFactory api) {
        return new EffectiveConfig(
                new OpenFlowServerConfig(
                        "127.0.0.1", 6653, Duration.ofSeconds(10), Duration.ofSeconds(5), 3, Duration.ofSeconds(10)),
                api.hasToken(),
                api.isProtectReads(),
                "/var/lib/natflow/forwards.json",
                io.natflow.rest.config.EffectiveRouters.of(List.of(Fixtures.routerConfig())));
    }

    @Test
    void effectiveConfigWithoutSecrets() {
        String raw = resources.target("/api/config").request().get(String.class);
        assertFalse(raw.toLowerCase(Locale.ROOT).contains("\"token\""), raw);
        assertFalse(raw.contains(TOKEN), raw);
        ConfigView c = resources.target("/api/config").request().get(ConfigView.class);
        assertTrue(c.api().tokenConfigured());
        ConfigView.Router r = c.routers().get(0);
        assertEquals("10.0.0.0/24", r.lanPrefix());
        assertEquals("02:00:00:00:00:01", r.routerMac());
        assertEquals("address-and-port-dependent", r.filtering());
        assertEquals("1024-65535", r.portRange());
        assertEquals(300.0, r.timeouts().udp());
        assertEquals(1, r.configForwards());
        assertEquals("admin-prohibited", r.refusalReply());
        assertEquals(2000, r.packetInLimits().sessions());
    }
}
