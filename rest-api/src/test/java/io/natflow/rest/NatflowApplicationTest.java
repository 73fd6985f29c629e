package io.natflow.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.rest.cli.NatflowCli;
import io.natflow.rest.config.NatflowConfiguration;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole application over real HTTP on random ports (never 6653/8080/8081), and the CLI against it. */
@ExtendWith(DropwizardExtensionsSupport.class)
class NatflowApplicationTest {
    private static final Path STORE = storeFile();

    static final DropwizardAppExtension<NatflowConfiguration> APP = new DropwizardAppExtension<>(
            NatflowApplication.class,
            ResourceHelpers.resourceFilePath("test-natflow.yml"),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("openflow.port", "0"),
            ConfigOverride.config("forwardStore.file", STORE.toString()));

    private static Path storeFile() {
        try {
            return Files.createTempDirectory("natflow-app-test").resolve("var/forwards.json");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + APP.getLocalPort();
    }

    private static Response get(String path) {
        return buffered(APP.client().target(url() + path).request().get());
    }

    /** Reads the body now so the pooled connection goes back at once. */
    private static Response buffered(Response r) {
        r.bufferEntity();
        return r;
    }

    private static Map<String, Object> forward(int publicPort) {
        return Map.of(
                "protocol",
                "tcp",
                "publicPort",
                publicPort,
                "internalAddress",
                "10.0.0.12",
                "internalPort",
                publicPort);
    }

    /** Runs the CLI in-process; returns {exit status, stdout, stderr}. */
    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url=" + url();
        all[args.length + 1] = "--token=test-token";
        int status = NatflowCli.run(all, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(status), out.toString(), err.toString()};
    }

    @Test
    void readsAreOpenAndWritesNeedTheToken() {
        assertEquals(200, get("/api/switches").getStatus());
        Response anonymous =
                buffered(APP.client().target(url() + "/api/forwards").request().post(Entity.json(forward(9001))));
        assertEquals(401, anonymous.getStatus());
        Response added = buffered(APP.client()
                .target(url() + "/api/forwards")
                .request()
                .header("Authorization", "Bearer test-token")
                .post(Entity.json(forward(9001))));
        assertEquals(201, added.getStatus());
        assertTrue(Files.exists(STORE));
        assertEquals(
                401,
                buffered(APP.client()
                                .target(url() + "/api/mappings/1")
                                .request()
                                .delete())
                        .getStatus());
    }

    @Test
    void everyEndpointAnswersJson() {
        for (String path : new String[] {
            "/api/switches", "/api/mappings", "/api/forwards", "/api/stats", "/api/config", "/api/openapi.json"
        }) {
            Response r = get(path);
            assertEquals(200, r.getStatus(), path);
            assertTrue(r.getMediaType().toString().startsWith("application/json"), path);
        }
        assertEquals(200, get("/api/openapi.yaml").getStatus());
        assertEquals(404, get("/api/mappings/12345").getStatus());
        assertEquals(400, get("/api/mappings?limit=nope").getStatus());
    }

    @Test
    void theOpenApiDocumentCoversTheRegisteredResources() {
        // Dropwizard logs its endpoints as "    GET     /api/forwards (io.natflow.rest.forwards.ForwardsResource)".
        java.util.Set<String> registered = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(([\\w.$]+)\\)")
                .matcher(APP.getEnvironment().jersey().getResourceConfig().getEndpointsInfo());
        while (m.find()) {
            registered.add(m.group(1));
        }
        java.util.Set<String> documented = new java.util.TreeSet<>();
        io.natflow.rest.api.OpenApiDocumentTest.RESOURCES.forEach(c -> documented.add(c.getName()));
        assertEquals(documented, registered);
        JsonNode served =
                APP.client().target(url() + "/api/openapi.json").request().get(JsonNode.class);
        assertEquals("3.0.3", served.get("openapi").asText());
    }

    @Test
    void configHidesTheToken() {
        String config = get("/api/config").readEntity(String.class);
        assertFalse(config.contains("test-token"), config);
        assertTrue(config.contains("\"tokenConfigured\":true"), config);
    }

    @Test
    void badBodiesAre4xxJsonWithAMessage() throws IOException {
        Response r = buffered(APP.client()
                .target(url() + "/api/forwards")
                .request()
                .header("Authorization", "Bearer test-token")
                .post(Entity.entity("{\"protocol\": \"tcp\", \"publicPort\": ", "application/json")));
        assertEquals(400, r.getStatus());
        JsonNode json = new ObjectMapper().readTree(r.readEntity(String.class));
        assertEquals(400, json.get("code").asInt());
        Response typo = buffered(APP.client()
                .target(url() + "/api/forwards")
                .request()
                .header("Authorization", "Bearer test-token")
                .post(Entity.json(Map.of(
                        "protocol",
                        "tcp",
                        "publicPort",
                        9100,
                        "internalAddress",
                        "10.0.0.12",
                        "internalPort",
                        80,
                        "descripton",
                        "typo"))));
        assertEquals(400, typo.getStatus());
    }

    @Test
    void adminPortHasHealthChecksAndPrometheusMetrics() {
        String admin = "http://127.0.0.1:" + APP.getAdminPort();
        String health = APP.client().target(admin + "/healthcheck").request().get(String.class);
        for (String check : new String[] {"openflow-server", "switches", "gateway", "port-pool"}) {
            assertTrue(health.contains("\"" + check + "\""), health);
        }
        Response prometheus =
                buffered(APP.client().target(admin + "/prometheus").request().get());
        assertEquals(200, prometheus.getStatus());
        String text = prometheus.readEntity(String.class);
        assertTrue(text.contains("# TYPE natflow_mappings gauge"), text);
        assertTrue(text.contains("natflow_forwards "), text);
        // every router's counters exist from the start, labelled by its datapath id
        assertTrue(text.contains("# TYPE natflow_drops_total counter"), text);
        assertTrue(text.contains("natflow_drops_total{router=\"0000000000000001\",reason=\"table_full\",} 0.0"), text);
        assertTrue(text.contains("natflow_events_packet_in "), "the summed counters keep their names");
    }

    @Test
    void cliAddsListsShowsAndRemovesForwards() throws IOException {
        String[] added = cli("forwards", "add", "tcp", "9200-9201", "10.0.0.11:7000", "-d", "cli test");
        assertEquals("0", added[0], added[2]);
        assertTrue(added[1].startsWith("added forward "), added[1]);
        String id = added[1].substring("added forward ".length(), added[1].indexOf(':'));
        String[] list = cli("forwards", "list", "--json");
        assertEquals("0", list[0], list[2]);
        JsonNode forwards = new ObjectMapper().readTree(list[1]);
        assertTrue(forwards.isArray());
        assertTrue(forwards.toString().contains("cli test"));
        String[] table = cli("forwards", "list");
        assertTrue(table[1].startsWith("ID"), table[1]);
        assertTrue(table[1].contains("203.0.113.1:9200-9201"), table[1]);
        assertEquals("0", cli("forwards", "show", id)[0]);
        String[] removed = cli("forwards", "rm", id);
        assertEquals("0", removed[0], removed[2]);
        assertEquals("1", cli("forwards", "show", id)[0]);
    }

    @Test
    void cliErrorsAreOneLineAndNonZero() {
        String[] conflict = cli("forwards", "add", "tcp", "8080", "10.0.0.12:80");
        assertEquals("1", conflict[0]);
        assertTrue(conflict[2].startsWith("natflow: HTTP 409: ") && conflict[2].contains("config-1"), conflict[2]);
        assertEquals(1, conflict[2].strip().lines().count());
        String[] invalid = cli("forwards", "add", "tcp", "9300", "192.168.0.1:80");
        assertEquals("1", invalid[0]);
        assertTrue(invalid[2].contains("HTTP 422") && invalid[2].contains("outside the LAN prefix"), invalid[2]);
        String[] missing = cli("mappings", "show", "99999");
        assertEquals("1", missing[0]);
        assertTrue(missing[2].contains("HTTP 404"), missing[2]);
        StringWriter err = new StringWriter();
        int unreachable = NatflowCli.run(
                new String[] {"switches", "--url", "http://127.0.0.1:1"},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(1, unreachable);
        assertTrue(err.toString().startsWith("natflow: cannot reach the natflow controller"), err.toString());
        assertEquals(
                2,
                NatflowCli.run(
                        new String[] {"forwards", "add", "tcp"},
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter())));
        StringWriter noToken = new StringWriter();
        assertEquals(
                1,
                NatflowCli.run(
                        new String[] {"forwards", "rm", "1", "--url", url()},
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(noToken)));
        assertTrue(noToken.toString().contains("HTTP 401"), noToken.toString());
    }

    @Test
    void cliReadCommands() {
        for (String[] command : new String[][] {
            {"switches"},
            {"stats"},
            {"config"},
            {"mappings", "list"},
            {"mappings", "list", "--protocol", "udp", "--json"},
            {"stats", "--json"}
        }) {
            String[] r = cli(command);
            assertEquals("0", r[0], String.join(" ", command) + ": " + r[2]);
        }
        assertTrue(cli("stats")[1].contains("mappings: 0"));
    }
}
