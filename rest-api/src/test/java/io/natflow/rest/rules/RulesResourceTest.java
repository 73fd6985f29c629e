package io.natflow.rest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.nat.openflow.NatApp;
import io.natflow.rest.Fixtures;
import io.natflow.rest.api.ApiExceptionMapper;
import io.natflow.rest.api.RouterDirectory;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class RulesResourceTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final NatApp app = Fixtures.natApp(clock);
    private final Path storeFile = tempDir().resolve("var/rules.json");
    private final NatRuleService service = service(app, storeFile);

    private final ResourceExtension resources = ResourceExtension.builder()
            .addResource(new RulesResource(service))
            .addProvider(ApiExceptionMapper.class)
            .setMapper(io.dropwizard.jackson.Jackson.newObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
            .build();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rules-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NatRuleService service(NatApp app, Path file) {
        NatRuleService s =
                new NatRuleService(new RouterDirectory(app.service()), app.rules(), new JsonFileRuleStore(file));
        s.restore();
        return s;
    }

    private Response post(String query, Object body) {
        jakarta.ws.rs.client.WebTarget t = resources.target("/api/rules");
        if (!query.isEmpty()) {
            String[] kv = query.substring(1).split("=", 2);
            t = t.queryParam(kv[0], kv[1]);
        }
        return t.request().post(Entity.json(body));
    }

    private List<Integer> numbers() {
        JsonNode list = resources.target("/api/rules").request().get(JsonNode.class);
        return java.util.stream.StreamSupport.stream(list.path("rules").spliterator(), false)
                .map(r -> r.path("number").asInt())
                .toList();
    }

    private static Map<String, Object> skip(int number, String destination) {
        return Map.of("number", number, "kind", "skip", "destination", destination);
    }

    @Test
    void theDefaultListIsTheMasqueradeRule() {
        JsonNode list = resources.target("/api/rules").request().get(JsonNode.class);
        assertEquals("0000000000000001", list.path("datapathId").asText());
        assertFalse(list.path("countersFromSwitch").asBoolean(), "no switch connected");
        JsonNode rule = list.path("rules").get(0);
        assertEquals(100, rule.path("number").asInt());
        assertEquals("masquerade", rule.path("kind").asText());
        assertEquals("10.0.0.0/24", rule.path("source").asText());
        assertEquals(0, rule.path("position").asInt());
    }

    @Test
    void insertAtAPositionOrBeforeARuleListsInOrderAndPersists() throws Exception {
        Response r = post("?position=0", skip(50, "198.51.100.80"));
        assertEquals(201, r.getStatus(), r.readEntity(String.class));
        assertEquals(201, post("?before=50", skip(40, "198.51.100.81")).getStatus());
        assertEquals(
                201,
                post("", Map.of("kind", "drop", "destination", "192.0.2.0/24")).getStatus());
        assertEquals(List.of(40, 50, 100, 110), numbers(), "no number given: the next ten");
        JsonNode one = resources.target("/api/rules/50").request().get(JsonNode.class);
        assertEquals("198.51.100.80", one.path("destination").asText());
        assertEquals(1, one.path("position").asInt());

        assertEquals(
                200,
                resources
                        .target("/api/rules/50/move")
                        .queryParam("position", "3")
                        .request()
                        .post(Entity.json(""))
                        .getStatus());
        assertEquals(List.of(40, 100, 110, 50), numbers());
        assertEquals(200, resources.target("/api/rules/40").request().delete().getStatus());
        assertEquals(List.of(100, 110, 50), numbers());

        // a new service over the same store (a restart) gives the router the stored list
        NatApp restarted = Fixtures.natApp(clock);
        NatRuleService again = service(restarted, storeFile);
        assertEquals(
                List.of(100, 110, 50),
                again.list(null).rules().stream().map(v -> v.rule().number()).toList());
        assertTrue(Files.readString(storeFile).contains("198.51.100.80"));
    }

    @Test
    void staticRulesAreReplacedInPlace() {
        assertEquals(
                201,
                post(
                                "?position=0",
                                Map.of(
                                        "number",
                                        10,
                                        "kind",
                                        "static",
                                        "privateAddress",
                                        "10.0.0.13",
                                        "publicAddress",
                                        "203.0.113.13"))
                        .getStatus());
        Response put = resources
                .target("/api/rules/10")
                .request()
                .put(Entity.json(Map.of(
                        "kind",
                        "static",
                        "privateAddress",
                        "10.0.0.12",
                        "publicAddress",
                        "203.0.113.13",
                        "description",
                        "h2 now")));
        assertEquals(200, put.getStatus(), put.readEntity(String.class));
        JsonNode one = resources.target("/api/rules/10").request().get(JsonNode.class);
        assertEquals("10.0.0.12", one.path("privateAddress").asText());
        assertEquals(List.of(10, 100), numbers());
    }

    @Test
    void badRulesAreA4xxNamingTheProblemAndChangeNothing() throws Exception {
        assertEquals(
                201,
                post(
                                "?position=0",
                                Map.of(
                                        "number",
                                        10,
                                        "kind",
                                        "static",
                                        "privateAddress",
                                        "10.0.0.13",
                                        "publicAddress",
                                        "203.0.113.13"))
                        .getStatus());
        String before = Files.readString(storeFile);
        expect(
                409,
                "203.0.113.13",
                post("", Map.of("kind", "static", "privateAddress", "10.0.0.12", "publicAddress", "203.0.113.13")));
        expect(
                409,
                "pool",
                post("", Map.of("kind", "static", "privateAddress", "10.0.0.12", "publicAddress", "203.0.113.1")));
        expect(409, "rule 100 exists", post("", skip(100, "198.51.100.80")));
        expect(422, "destination", post("", skip(20, "198.51.100.0/33")));
        expect(422, "host bits", post("", skip(20, "198.51.100.1/24")));
        expect(422, "destinationPorts", post("", Map.of("kind", "skip", "protocol", "tcp", "destinationPorts", "9-1")));
        expect(422, "tcp or udp", post("", Map.of("kind", "skip", "destinationPorts", "80")));
        expect(422, "kind must be", post("", Map.of("kind", "teleport")));
        expect(422, "eth9", post("", Map.of("kind", "drop", "inPort", "eth9")));
        expect(422, "position 7", post("?position=7", skip(20, "198.51.100.80")));
        expect(400, "position", post("?position=x", skip(20, "198.51.100.80")));
        expect(404, "no rule 99", resources.target("/api/rules/99").request().delete());
        expect(
                404,
                "no rule 99",
                resources.target("/api/rules/99/move").request().post(Entity.json("")));
        assertEquals(List.of(10, 100), numbers());
        assertEquals(before, Files.readString(storeFile), "the store is unchanged");
    }

    @Test
    void aStoreThatDoesNotValidateStopsStartupNamingIt() throws Exception {
        Files.createDirectories(storeFile.getParent());
        Files.writeString(
                storeFile,
                "{\"version\":1,\"routers\":{\"0000000000000001\":[{\"number\":5,\"kind\":\"static\","
                        + "\"privateAddress\":\"10.0.0.13\",\"publicAddress\":\"203.0.113.1\"}]}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> service(app, storeFile));
        assertTrue(e.getMessage().contains("rules.json") && e.getMessage().contains("pool"), e.getMessage());
    }

    private static Map<String, Object> vserver(int number, String address, List<String> servers) {
        return Map.of(
                "number",
                number,
                "kind",
                "vserver",
                "protocol",
                "tcp",
                "publicAddress",
                address,
                "publicPort",
                80,
                "servers",
                servers,
                "scheduler",
                "source-hash");
    }

    @Test
    void aVirtualServerIsAddedShownWithItsServersAndItsSessionsAndPersists() throws Exception {
        Response r = post("?position=0", vserver(10, "203.0.113.80", List.of("10.0.0.11:8080", "10.0.0.12:8080")));
        assertEquals(201, r.getStatus(), r.readEntity(String.class));
        JsonNode one = resources.target("/api/rules/10").request().get(JsonNode.class);
        assertEquals("vserver", one.path("kind").asText());
        assertEquals("inbound", one.path("direction").asText(), "a vserver's direction defaults to inbound");
        assertEquals("tcp", one.path("protocol").asText());
        assertEquals("203.0.113.80", one.path("publicAddress").asText());
        assertEquals(80, one.path("publicPort").asInt());
        assertEquals("source-hash", one.path("scheduler").asText());
        assertEquals(2, one.path("servers").size());

        JsonNode table = resources.target("/api/rules/10/sessions").request().get(JsonNode.class);
        assertEquals(10, table.path("rule").path("number").asInt());
        assertEquals(0, table.path("live").asInt());
        assertEquals(2, table.path("servers").size());
        assertEquals("10.0.0.11", table.path("servers").get(0).path("address").asText());
        assertEquals(8080, table.path("servers").get(0).path("port").asInt());
        assertTrue(table.path("servers").get(0).path("listed").asBoolean());
        assertEquals(0, table.path("servers").get(0).path("chosen").asLong());
        assertTrue(table.path("capacity").asInt() > 0);
        assertEquals(0, table.path("sessions").size());

        Response put = resources
                .target("/api/rules/10")
                .request()
                .put(Entity.json(vserver(10, "203.0.113.80", List.of("10.0.0.12:8080", "10.0.0.13:8080"))));
        assertEquals(200, put.getStatus(), put.readEntity(String.class));
        JsonNode replaced = resources.target("/api/rules/10/sessions").request().get(JsonNode.class);
        assertEquals(
                "10.0.0.12", replaced.path("servers").get(0).path("address").asText());
        assertEquals(2, replaced.path("servers").size(), "a removed server without sessions is gone");

        NatRuleService again = service(Fixtures.natApp(clock), storeFile);
        assertEquals(
                List.of(10, 100),
                again.list(null).rules().stream().map(v -> v.rule().number()).toList());
        assertEquals(
                List.of("10.0.0.12:8080", "10.0.0.13:8080"),
                again.get(null, 10).rule().servers());
    }

    @Test
    void badVirtualServersAreA4xxNamingTheProblem() throws Exception {
        assertEquals(
                201,
                post("?position=0", vserver(10, "203.0.113.80", List.of("10.0.0.11:8080")))
                        .getStatus());
        String before = Files.readString(storeFile);
        expect(422, "not a host of a LAN prefix", post("", vserver(20, "203.0.113.81", List.of("192.0.2.5:80"))));
        expect(422, "listed twice", post("", vserver(20, "203.0.113.81", List.of("10.0.0.11:80", "10.0.0.11:80"))));
        expect(422, "needs servers", post("", vserver(20, "203.0.113.81", List.of())));
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add("10.0.0." + (10 + i) + ":80");
        }
        expect(422, "at most 64", post("", vserver(20, "203.0.113.81", many)));
        expect(422, "servers[0]", post("", vserver(20, "203.0.113.81", List.of("10.0.0.11"))));
        expect(409, "virtual server rule 10", post("", vserver(20, "203.0.113.80", List.of("10.0.0.12:80"))));
        expect(409, "pool", post("", vserver(20, "203.0.113.1", List.of("10.0.0.12:80"))));
        expect(
                422,
                "tcp or udp",
                post(
                        "",
                        Map.of(
                                "kind",
                                "vserver",
                                "publicAddress",
                                "203.0.113.81",
                                "publicPort",
                                80,
                                "servers",
                                List.of("10.0.0.12:80"))));
        expect(
                422,
                "publicPort",
                post(
                        "",
                        Map.of(
                                "kind",
                                "vserver",
                                "protocol",
                                "udp",
                                "publicAddress",
                                "203.0.113.81",
                                "servers",
                                List.of("10.0.0.12:80"))));
        expect(
                422,
                "belong to vserver",
                post("", Map.of("kind", "skip", "destination", "198.51.100.80", "servers", List.of("10.0.0.12:80"))));
        expect(
                404,
                "not a virtual server",
                resources.target("/api/rules/100/sessions").request().get());
        expect(
                404,
                "no rule 99",
                resources.target("/api/rules/99/sessions").request().get());
        expect(
                400,
                "limit",
                resources
                        .target("/api/rules/10/sessions")
                        .queryParam("limit", "x")
                        .request()
                        .get());
        assertEquals(List.of(10, 100), numbers());
        assertEquals(before, Files.readString(storeFile), "the store is unchanged");
    }

    private static void expect(int status, String text, Response r) {
        String body = r.readEntity(String.class);
        assertEquals(status, r.getStatus(), body);
        assertTrue(body.contains(text), body);
        assertEquals(MediaType.APPLICATION_JSON_TYPE, r.getMediaType());
    }
}
