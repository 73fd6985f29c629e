package io.natflow.rest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.openflow.NatApp;
import io.natflow.rest.Fixtures;
import io.natflow.rest.api.ApiExceptionMapper;
import io.natflow.rest.api.RouterDirectory;
import io.natflow.rest.forwards.ForwardsResource;
import io.natflow.rest.forwards.JsonFileForwardStore;
import io.natflow.rest.forwards.NatForwardService;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class RulesResourceTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final NatApp app = Fixtures.natApp(clock);
    private final Path storeFile = tempDir().resolve("var/rules.json");
    private final Services services = service(app, storeFile);
    private final NatRuleService service = services.rules();

    private final ResourceExtension resources = ResourceExtension.builder()
            .addResource(new RulesResource(service))
            .addResource(new ForwardsResource(services.forwards()))
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

    private record Services(NatRuleService rules, NatForwardService forwards) {}

    /** As the application wires them: the rule list restored, then natflow.yml's forward and the stored ones. */
    private static Services service(NatApp app, Path file) {
        RouterDirectory routers = new RouterDirectory(app.service());
        NatForwardService forwards = new NatForwardService(
                routers,
                new JsonFileForwardStore(file.resolveSibling("forwards.json")),
                Clock.systemUTC(),
                dpid -> listNumbers(app, dpid));
        NatRuleService s = new NatRuleService(routers, app.rules(), new JsonFileRuleStore(file), forwards);
        s.restore();
        forwards.addConfigForward(
                Fixtures.DPID,
                (PortForward) Fixtures.routerConfig().forwards().get(0),
                "web server on h3",
                Fixtures.routerFactory().configForwards().get(0).number());
        forwards.restore();
        return new Services(s, forwards);
    }

    private static Set<Integer> listNumbers(NatApp app, long dpid) {
        Set<Integer> out = new HashSet<>();
        app.rules().rules(dpid).join().rules().forEach(r -> out.add(r.number()));
        return out;
    }

    private Response post(String query, Object body) {
        jakarta.ws.rs.client.WebTarget t = resources.target("/api/rules");
        if (!query.isEmpty()) {
            String[] kv = query.substring(1).split("=", 2);
            t = t.queryParam(kv[0], kv[1]);
        }
        return t.request().post(Entity.json(body));
    }

    /** The numbers of the ordered list's rules, in order (dnat rules, the forwards, follow them). */
    private List<Integer> numbers() {
        return numbers(false);
    }

    private List<Integer> numbers(boolean dnat) {
        JsonNode list = resources.target("/api/rules").request().get(JsonNode.class);
        return java.util.stream.StreamSupport.stream(list.path("rules").spliterator(), false)
                .filter(r -> r.has("forward") == dnat)
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
        assertEquals(List.of(40, 50, 100, 120), numbers(), "no number given: the next ten (110 is the config forward)");
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
        assertEquals(List.of(40, 100, 120, 50), numbers());
        assertEquals(200, resources.target("/api/rules/40").request().delete().getStatus());
        assertEquals(List.of(100, 120, 50), numbers());

        // a new service over the same store (a restart) gives the router the stored list
        NatApp restarted = Fixtures.natApp(clock);
        NatRuleService again = service(restarted, storeFile).rules();
        assertEquals(
                List.of(100, 120, 50, 110),
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

        NatRuleService again = service(Fixtures.natApp(clock), storeFile).rules();
        assertEquals(
                List.of(10, 100, 110), // 110: natflow.yml's forward, listed as a dnat rule after the list
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

    private static Map<String, Object> dnat(String publicPorts, String internalAddress, String internalPort) {
        return Map.of(
                "kind",
                "dnat",
                "protocol",
                "tcp",
                "publicPorts",
                publicPorts,
                "internalAddress",
                internalAddress,
                "internalPort",
                internalPort);
    }

    private JsonNode rule(int number) {
        return resources.target("/api/rules/" + number).request().get(JsonNode.class);
    }

    private JsonNode forwardsList() {
        return resources.target("/api/forwards").request().get(JsonNode.class);
    }

    @Test
    void forwardsAreDnatRulesAfterTheList() {
        JsonNode config = rule(110);
        assertEquals("dnat", config.path("kind").asText(), config.toString());
        assertEquals(1, config.path("position").asInt(), "after the list (rule 100)");
        assertEquals("config-1", config.path("forward").asText());
        assertEquals("config", config.path("source").asText());
        assertEquals("tcp", config.path("protocol").asText());
        assertEquals("203.0.113.1", config.path("publicAddress").asText());
        assertEquals("8080", config.path("publicPorts").asText());
        assertEquals("10.0.0.13", config.path("internalAddress").asText());
        assertEquals("80", config.path("internalPort").asText());
        assertEquals("web server on h3", config.path("description").asText());
        assertEquals(110, forwardsList().get(0).path("rule").asInt(), "/api/forwards names the rule number");
    }

    @Test
    void aDnatRuleIsAForwardBothWaysAndPersists() throws Exception {
        Response added = post("", dnat("2222", "10.0.0.12", "22"));
        assertEquals(201, added.getStatus(), added.readEntity(String.class));
        JsonNode ssh = rule(120);
        assertEquals("1", ssh.path("forward").asText(), ssh.toString());
        assertEquals("api", ssh.path("source").asText());
        JsonNode forward = resources.target("/api/forwards/1").request().get(JsonNode.class);
        assertEquals(2222, forward.path("publicPort").asInt());
        assertEquals("10.0.0.12", forward.path("internalAddress").asText());
        assertEquals(22, forward.path("internalPort").asInt());
        assertEquals(120, forward.path("rule").asInt());

        Response viaForwards = resources
                .target("/api/forwards")
                .request()
                .post(Entity.json(Map.of(
                        "protocol",
                        "udp",
                        "publicPort",
                        "5353-5354",
                        "internalAddress",
                        "10.0.0.11",
                        "internalPort",
                        "53-54")));
        assertEquals(201, viaForwards.getStatus(), viaForwards.readEntity(String.class));
        JsonNode dns = rule(130);
        assertEquals("dnat", dns.path("kind").asText(), dns.toString());
        assertEquals("udp", dns.path("protocol").asText());
        assertEquals("5353-5354", dns.path("publicPorts").asText());
        assertEquals("53-54", dns.path("internalPort").asText());

        Response skip = post("?before=100", skip(10, "198.51.100.80"));
        assertEquals(201, skip.getStatus(), skip.readEntity(String.class));
        Response next = post("", Map.of("kind", "drop", "destination", "192.0.2.0/24"));
        assertEquals(201, next.getStatus());
        assertEquals(List.of(10, 100, 140), numbers(), "numbers are unique over list and forwards");
        assertEquals(List.of(110, 120, 130), numbers(true));
        String stored = Files.readString(storeFile.resolveSibling("forwards.json"));
        assertTrue(stored.contains("\"rule\" : 120") && stored.contains("\"rule\" : 130"), stored);
        assertFalse(Files.readString(storeFile).contains("dnat"), "one storage: the forward store");

        // a restart: both stores read again, every rule under its number
        Services again = service(Fixtures.natApp(clock), storeFile);
        assertEquals(
                List.of(10, 100, 140, 110, 120, 130),
                again.rules().list(null).rules().stream()
                        .map(v -> v.rule().number())
                        .toList());
        assertEquals("1", again.rules().get(null, 120).forward());
        assertEquals(3, again.forwards().list(null).size(), "the config forward and the two stored ones");
    }

    @Test
    void dnatRulesAreReplacedAndDeletedThroughTheForwards() {
        assertEquals(201, post("", dnat("2222", "10.0.0.12", "22")).getStatus());
        Response put = resources.target("/api/rules/120").request().put(Entity.json(dnat("2222", "10.0.0.11", "2200")));
        assertEquals(200, put.getStatus(), put.readEntity(String.class));
        assertEquals("10.0.0.11", rule(120).path("internalAddress").asText());
        JsonNode forward = resources.target("/api/forwards/1").request().get(JsonNode.class);
        assertEquals(2200, forward.path("internalPort").asInt());

        expect(
                409,
                "read-only",
                resources.target("/api/rules/110").request().put(Entity.json(dnat("8080", "10.0.0.12", "80"))));
        expect(409, "dnat rule", resources.target("/api/rules/120").request().put(Entity.json(skip(120, "192.0.2.1"))));
        expect(
                422,
                "delete rule 100",
                resources.target("/api/rules/100").request().put(Entity.json(dnat("2223", "10.0.0.12", "22"))));
        expect(
                422,
                "no place",
                resources
                        .target("/api/rules/120/move")
                        .queryParam("position", "0")
                        .request()
                        .post(Entity.json("")));
        expect(422, "no place", post("?before=120", skip(20, "192.0.2.1")));

        assertEquals(200, resources.target("/api/rules/120").request().delete().getStatus());
        expect(
                404,
                "no forward with id 1",
                resources.target("/api/forwards/1").request().get());
        assertEquals(List.of(110), numbers(true));
    }

    @Test
    void aConflictingOrMalformedDnatRuleIsA4xxAndChangesNothing() throws Exception {
        assertEquals(201, post("", dnat("2222", "10.0.0.12", "22")).getStatus());
        Path forwardsFile = storeFile.resolveSibling("forwards.json");
        String before = Files.readString(forwardsFile);
        expect(409, "8080", post("", dnat("8080", "10.0.0.12", "80")));
        expect(409, "2222", post("", dnat("2222", "10.0.0.11", "22")));
        expect(409, "rule 100 exists", post("", withNumber(dnat("2223", "10.0.0.12", "22"), 100)));
        expect(409, "rule 110 exists", post("", withNumber(dnat("2223", "10.0.0.12", "22"), 110)));
        expect(409, "forward config-1", post("", skip(110, "192.0.2.1")));
        expect(422, "internalAddress", post("", dnat("2223", "192.0.2.9", "22")));
        expect(422, "publicAddress", post("", with(dnat("2223", "10.0.0.12", "22"), "publicAddress", "198.51.100.1")));
        expect(422, "protocol", post("", with(dnat("2223", "10.0.0.12", "22"), "protocol", "icmp")));
        expect(422, "source", post("", with(dnat("2223", "10.0.0.12", "22"), "source", "192.0.2.0/24")));
        expect(422, "publicPorts", post("", Map.of("kind", "dnat", "protocol", "tcp", "internalAddress", "10.0.0.12")));
        expect(422, "equal length", post("", dnat("2223-2224", "10.0.0.12", "22-24")));
        expect(422, "position", post("?position=0", dnat("2223", "10.0.0.12", "22")));
        expect(422, "belong to dnat", post("", with(skip(20, "192.0.2.1"), "internalAddress", "10.0.0.12")));
        assertEquals(List.of(110, 120), numbers(true));
        assertEquals(List.of(100), numbers());
        assertEquals(2, forwardsList().size());
        assertEquals(before, Files.readString(forwardsFile), "the forward store is unchanged");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> out = new java.util.HashMap<>(body);
        out.put(field, value);
        return out;
    }

    private static Map<String, Object> withNumber(Map<String, Object> body, int number) {
        return with(body, "number", number);
    }

    private static void expect(int status, String text, Response r) {
        String body = r.readEntity(String.class);
        assertEquals(status, r.getStatus(), body);
        assertTrue(body.contains(text), body);
        assertEquals(MediaType.APPLICATION_JSON_TYPE, r.getMediaType());
    }
}
