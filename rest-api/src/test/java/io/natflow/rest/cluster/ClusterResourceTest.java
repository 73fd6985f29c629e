package io.natflow.rest.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.nat.service.ClusterMember;
import io.natflow.nat.service.ClusterService;
import io.natflow.nat.service.ClusterStatus;
import io.natflow.nat.service.MasterClaim;
import io.natflow.nat.service.MastershipCounts;
import io.natflow.nat.service.SwitchMastership;
import io.natflow.nat.service.SwitchRoute;
import io.natflow.rest.api.ApiExceptionMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/cluster answers exactly the agreed shape (the Mininet tests read it). */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClusterResourceTest {
    private static final long T0 = Instant.parse("2026-12-08T01:23:45Z").toEpochMilli();

    private static final ClusterStatus STATUS = new ClusterStatus(
            "nat-a",
            "CONNECTED",
            List.of(
                    new ClusterMember("nat-a", "http://127.0.0.1:8090", T0),
                    new ClusterMember("nat-b", "http://127.0.0.1:8091", T0 + 1000)),
            List.of(
                    new SwitchMastership(1, Optional.of(new MasterClaim("nat-b", 3, T0 + 2000)), "SLAVE"),
                    new SwitchMastership(0xabcdefL, Optional.empty(), "EQUAL")));

    private static final ObjectMapper MAPPER =
            Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ResourceExtension resource = ResourceExtension.builder()
            .setMapper(MAPPER)
            .addResource(new ClusterResource(new FixedCluster(STATUS)))
            .addProvider(new ApiExceptionMapper())
            .build();

    @Test
    void answersTheAgreedShape() throws Exception {
        JsonNode body =
                MAPPER.readTree(resource.target("/api/cluster").request().get(String.class));
        assertEquals(MAPPER.readTree("""
                        {"self":"nat-a","zookeeper":"CONNECTED",
                         "instances":[{"id":"nat-a","restUrl":"http://127.0.0.1:8090","since":"2026-12-08T01:23:45Z"},
                                      {"id":"nat-b","restUrl":"http://127.0.0.1:8091","since":"2026-12-08T01:23:46Z"}],
                         "switches":[{"datapathId":"0000000000000001","master":"nat-b","generation":3,
                                      "since":"2026-12-08T01:23:47Z","localRole":"SLAVE"},
                                     {"datapathId":"0000000000abcdef","master":null,"generation":0,
                                      "since":null,"localRole":"EQUAL"}]}
                        """), body);
    }

    /** A cluster service that answers one status. */
    record FixedCluster(ClusterStatus status0) implements ClusterService {
        @Override
        public CompletableFuture<ClusterStatus> status() {
            return CompletableFuture.completedFuture(status0);
        }

        @Override
        public CompletableFuture<SwitchRoute> route(long datapathId) {
            return CompletableFuture.completedFuture(new SwitchRoute.Local());
        }

        @Override
        public MastershipCounts counts() {
            return new MastershipCounts(0, 0, 0, 0, 0, 0, 0, 0);
        }
    }
}
