package io.natflow.rest.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.nat.service.ClusterService;
import io.natflow.nat.service.ClusterStatus;
import io.natflow.nat.service.MastershipCounts;
import io.natflow.nat.service.SwitchRoute;
import io.natflow.rest.Fixtures;
import io.natflow.rest.api.ApiExceptionMapper;
import io.natflow.rest.api.Routers;
import io.natflow.rest.mappings.MappingsResource;
import io.natflow.rest.mappings.NatMappingService;
import jakarta.ws.rs.core.Response;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mappings of a switch another instance masters are asked of that instance (a real HTTP server
 * stands for it): same path, query and Authorization header, its answer passed back; no master,
 * or a master that does not answer, is a 503 in the API's JSON.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MasterProxyFilterTest {
    private static final AtomicReference<SwitchRoute> ROUTE = new AtomicReference<>(new SwitchRoute.Local());
    private static final Routers ROUTERS =
            new Routers(Fixtures.natApp(new AtomicLong(1_000)).service());

    private final ResourceExtension resource = ResourceExtension.builder()
            .addResource(new MappingsResource(new NatMappingService(ROUTERS)))
            .addProvider(new MasterProxyFilter(new RoutedCluster(), ROUTERS, "nat-a"))
            .addProvider(new ApiExceptionMapper())
            .build();

    private HttpServer master;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startMaster() throws Exception {
        master = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        master.createContext("/", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization") + " by="
                    + exchange.getRequestHeaders().getFirst(MasterProxyFilter.FORWARDED_BY));
            byte[] body = "{\"total\":7,\"matched\":7,\"offset\":0,\"limit\":1,\"items\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        master.start();
    }

    @AfterEach
    void stopMaster() {
        master.stop(0);
        ROUTE.set(new SwitchRoute.Local());
    }

    private String masterUrl() {
        return "http://127.0.0.1:" + master.getAddress().getPort() + "/";
    }

    @Test
    void theMastersAnswerComesBack() {
        ROUTE.set(new SwitchRoute.Remote("nat-b", masterUrl()));
        Response r = resource.target("/api/mappings")
                .queryParam("protocol", "tcp")
                .queryParam("limit", "1")
                .request()
                .header("Authorization", "Bearer t0ken")
                .get();
        assertEquals(200, r.getStatus());
        assertEquals("nat-b", r.getHeaderString(MasterProxyFilter.FORWARDED_BY));
        assertTrue(r.readEntity(String.class).contains("\"total\":7"));
        assertEquals(List.of("GET /api/mappings?protocol=tcp&limit=1 auth=Bearer t0ken by=nat-a"), asked);

        Response deleted = resource.target("/api/mappings/12").request().delete();
        assertEquals(200, deleted.getStatus());
        assertEquals("DELETE /api/mappings/12 auth=null by=nat-a", asked.get(1));
    }

    @Test
    void localWhenThisInstanceMasters() {
        Response r = resource.target("/api/mappings").request().get();
        assertEquals(200, r.getStatus());
        assertNull(r.getHeaderString(MasterProxyFilter.FORWARDED_BY));
        assertTrue(asked.isEmpty());
    }

    @Test
    void noMasterOrASilentMasterIs503Json() {
        ROUTE.set(new SwitchRoute.Unavailable("no instance masters this switch now"));
        Response none = resource.target("/api/mappings").request().get();
        assertEquals(503, none.getStatus());
        assertTrue(none.readEntity(String.class).contains("no instance masters this switch now"));

        master.stop(0); // nobody answers at its URL any more
        ROUTE.set(new SwitchRoute.Remote("nat-b", masterUrl()));
        Response silent = resource.target("/api/mappings/3").request().get();
        assertEquals(503, silent.getStatus());
        String body = silent.readEntity(String.class);
        assertTrue(body.contains("\"code\":503") && body.contains("nat-b"), body);
    }

    @Test
    void anAlreadyProxiedRequestIsAnsweredHere() {
        ROUTE.set(new SwitchRoute.Remote("nat-b", masterUrl()));
        Response r = resource.target("/api/mappings")
                .request()
                .header(MasterProxyFilter.FORWARDED_BY, "nat-c")
                .get();
        assertEquals(200, r.getStatus());
        assertTrue(asked.isEmpty(), "no proxy loop");
    }

    /** Routes every switch where {@link #ROUTE} says. */
    static final class RoutedCluster implements ClusterService {
        @Override
        public CompletableFuture<ClusterStatus> status() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<SwitchRoute> route(long datapathId) {
            return CompletableFuture.completedFuture(ROUTE.get());
        }

        @Override
        public MastershipCounts counts() {
            return new MastershipCounts(0, 0, 0, 0, 0, 0, 0, 0);
        }
    }
}
