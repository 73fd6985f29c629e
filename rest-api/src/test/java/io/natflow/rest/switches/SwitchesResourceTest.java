package io.natflow.rest.switches;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.GenericType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SwitchesResourceTest {
    private static final SwitchView S1 = new SwitchView(
            "0000000000000001",
            "OF_13",
            Instant.parse("2026-01-01T00:00:00Z"),
            "/127.0.0.1:40000",
            List.of(new SwitchView.PortView(1, "s1-eth1", "02:00:00:00:00:01", false, false)));

    private static final SwitchService SERVICE = new SwitchService() {
        @Override
        public List<SwitchView> list() {
            return List.of(S1);
        }

        @Override
        public Optional<SwitchView> get(String datapathId) {
            return DatapathIds.parse(datapathId).stream()
                            .mapToObj(DatapathIds::format)
                            .anyMatch(S1.datapathId()::equals)
                    ? Optional.of(S1)
                    : Optional.empty();
        }
    };

    private final ResourceExtension resources = ResourceExtension.builder()
            .addResource(new SwitchesResource(SERVICE))
            .setMapper(io.dropwizard.jackson.Jackson.newObjectMapper()
                    .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
            .build();

    @Test
    void listsAndShowsSwitches() {
        assertEquals(
                List.of(S1), resources.target("/api/switches").request().get(new GenericType<List<SwitchView>>() {}));
        assertEquals(
                S1,
                resources
                        .target("/api/switches/00:00:00:00:00:00:00:01")
                        .request()
                        .get(SwitchView.class));
    }

    @Test
    void unknownSwitchIs404Json() {
        var r = resources.target("/api/switches/0000000000000002").request().get();
        assertEquals(404, r.getStatus());
        assertEquals(
                404,
                r.readEntity(com.fasterxml.jackson.databind.JsonNode.class)
                        .get("code")
                        .asInt());
    }
}
