package io.natflow.rest.forwards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.InboundDecision;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ForwardsResourceTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final NatApp app = Fixtures.natApp(clock);
    private final RouterDirectory routers = new RouterDirectory(app.service());
    private final Path storeFile = tempDir().resolve("var/forwards.json");
    private final AtomicBoolean storeBroken = new AtomicBoolean();
    private final JsonFileForwardStore files = new JsonFileForwardStore(storeFile);
    private final ForwardStore store = new ForwardStore() {
        @Override
        public StoredForwards load() {
            return files.load();
        }

        @Override
        public void save(StoredForwards forwards) throws IOException {
            if (storeBroken.get()) {
                throw new IOException("disk full");
            }
            files.save(forwards);
        }

        @Override
        public String location() {
            return files.location();
        }
    };
    private final NatForwardService service = service(routers, store);

    private final ResourceExtension resources = ResourceExtension.builder()
            .addResource(new ForwardsResource(service))
            .addProvider(ApiExceptionMapper.class)
            .setMapper(io.dropwizard.jackson.Jackson.newObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
            .build();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("forwards-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NatForwardService service(RouterDirectory routers, ForwardStore store) {
        NatForwardService s = new NatForwardService(routers, store, Clock.systemUTC());
        s.addConfigForward(
                Fixtures.DPID,
                (ForwardRule.PortForward) Fixtures.routerConfig().forwards().get(0),
                "web server on h3");
        s.restore();
        return s;
    }

    private Response post(Object body) {
        return resources.target("/api/forwards").request().post(Entity.json(body));
    }

    private Response put(String id, Object body) {
        return resources.target("/api/forwards/" + id).request().put(Entity.json(body));
    }

    private static Map<String, Object> body(String protocol, Object publicPort, String internal, Object internalPort) {
        return Map.of(
                "protocol",
                protocol,
                "publicPort",
                publicPort,
                "internalAddress",
                internal,
                "internalPort",
                internalPort);
    }

    private List<ForwardRule> coreForwards() {
        return Fixtures.core(app, nat -> nat.forwards());
    }

    private <T> T nat(java.util.function.Function<io.natflow.nat.core.Nat, T> action) {
        return Fixtures.core(app, action);
    }

    /** An inbound packet from 198.51.100.80 to the public port, as a packet-in would give the core. */
    private Mapping inbound(Protocol protocol, int publicPort) {
        return nat(nat -> ((InboundDecision.Translate) nat.translateInbound(
                        protocol,
                        Ipv4.parse("198.51.100.80"),
                        40000,
                        Ipv4.parse("203.0.113.1"),
                        publicPort,
                        TcpFlags.SYN,
                        app.now()))
                .mapping());
    }

    private static ForwardRule rule(int publicPort, String internal, int internalPort, int count) {
        return new ForwardRule.PortForward(
                Protocol.TCP, Ipv4.parse("203.0.113.1"), publicPort, Ipv4.parse(internal), internalPort, count);
    }

    private static String message(Response r) {
        JsonNode json = r.readEntity(JsonNode.class);
        return json.has("message") ? json.get("message").asText() : json.toString();
    }

    @Test
    void listsTheConfigForwardAsReadOnly() {
        List<ForwardView> list = resources
                .target("/api/forwards")
                .request()
                .get(new jakarta.ws.rs.core.GenericType<List<ForwardView>>() {});
        assertEquals(1, list.size());
        ForwardView f = list.get(0);
        assertEquals("config-1", f.id());
        assertEquals("config", f.source());
        assertEquals("web server on h3", f.description());
        assertEquals(8080, f.publicPort());
        assertEquals("10.0.0.13", f.internalAddress());
    }

    @Test
    void listsLeasedForwardsWithTheirSourceAndExpiry() {
        var rule = io.natflow.nat.core.ForwardRule.PortForward.single(
                io.natflow.nat.core.Protocol.UDP,
                io.natflow.nat.core.Endpoint.parse("203.0.113.1:5005"),
                io.natflow.nat.core.Endpoint.parse("10.0.0.11:6000"));
        var granted = Fixtures.core(
                app, nat -> nat.lease(rule, io.natflow.nat.core.LeaseSource.NATPMP, clock.get() + 60_000, clock.get()));
        org.junit.jupiter.api.Assertions.assertInstanceOf(io.natflow.nat.core.LeaseResult.Granted.class, granted);
        List<ForwardView> list = resources
                .target("/api/forwards")
                .request()
                .get(new jakarta.ws.rs.core.GenericType<List<ForwardView>>() {});
        assertEquals(2, list.size());
        org.junit.jupiter.api.Assertions.assertNull(list.get(0).expiresAt(), "the config forward has no expiry");
        ForwardView lease = list.get(1);
        assertEquals("lease-1", lease.id());
        assertEquals("natpmp", lease.source());
        assertEquals("udp", lease.protocol());
        assertEquals(5005, lease.publicPort());
        assertEquals("10.0.0.11", lease.internalAddress());
        assertEquals(6000, lease.internalPort());
        assertEquals(java.time.Instant.ofEpochMilli(clock.get() + 60_000), lease.expiresAt());
        assertEquals(java.time.Instant.ofEpochMilli(clock.get()), lease.createdAt());
    }

    @Test
    void addTakesEffectInTheCoreAndIsStored() throws IOException {
        Response r = post(Map.of(
                "protocol",
                "tcp",
                "publicPort",
                9090,
                "internalAddress",
                "10.0.0.12",
                "internalPort",
                9000,
                "description",
                "game server"));
        assertEquals(201, r.getStatus());
        ForwardView added = r.readEntity(ForwardView.class);
        assertEquals("1", added.id());
        assertEquals("api", added.source());
        assertEquals(Fixtures.SWITCH, added.datapathId());
        assertTrue(r.getLocation().getPath().endsWith("/api/forwards/1"));
        assertTrue(coreForwards().contains(rule(9090, "10.0.0.12", 9000, 1)));
        String stored = Files.readString(storeFile);
        assertTrue(stored.contains("\"publicPort\" : 9090") && stored.contains("game server"), stored);
        assertEquals(added, resources.target("/api/forwards/1").request().get(ForwardView.class));
    }

    @Test
    void rangesOfEqualLength() {
        Response r = post(body("udp", "5000-5009", "10.0.0.12", "6000-6009"));
        assertEquals(201, r.getStatus());
        ForwardView f = r.readEntity(ForwardView.class);
        assertEquals(10, f.count());
        assertEquals(5009, f.publicPortEnd());
        assertEquals(6009, f.internalPortEnd());
        ForwardView single = post(body("udp", "7000-7001", "10.0.0.12", 7100)).readEntity(ForwardView.class);
        assertEquals(7101, single.internalPortEnd());
    }

    @Test
    void invalidValuesAre422WithAMessageAndChangeNothing() {
        Map<Map<String, Object>, String> bad = Map.of(
                body("tcp", "9000-9001", "10.0.0.12", "80-82"), "ranges must be of equal length",
                body("tcp", 9000, "192.168.1.5", 80), "outside the LAN prefix 10.0.0.0/24",
                body("tcp", 9000, "10.0.0.255", 80), "not a host",
                body("tcp", 70000, "10.0.0.12", 80), "publicPort",
                body("tcp", 0, "10.0.0.12", 80), "publicPort",
                body("tcp", 9000, "10.0.0.12", "80-70"), "internalPort",
                body("tcp", 9000, "ten.0.0.1", 80), "not an IPv4 address",
                body("icmp", 9000, "10.0.0.12", 80), "protocol must be tcp or udp",
                Map.of("protocol", "tcp"), "must not be null");
        bad.forEach((request, expected) -> {
            Response r = post(request);
            assertEquals(422, r.getStatus(), request.toString());
            String text = r.readEntity(String.class);
            assertTrue(text.contains(expected), request + " -> " + text);
        });
        Response wrongAddress = post(Map.of(
                "protocol",
                "tcp",
                "publicPort",
                9000,
                "internalAddress",
                "10.0.0.12",
                "internalPort",
                80,
                "publicAddress",
                "198.51.100.7"));
        assertEquals(422, wrongAddress.getStatus());
        assertTrue(message(wrongAddress).contains("not a public address"));
        Response wrongSwitch = post(Map.of(
                "protocol",
                "tcp",
                "publicPort",
                9000,
                "internalAddress",
                "10.0.0.12",
                "internalPort",
                80,
                "datapathId",
                "00000000000000ff"));
        assertEquals(422, wrongSwitch.getStatus());
        assertTrue(message(wrongSwitch).contains("no NAT router for switch 00000000000000ff"));
        assertEquals(1, coreForwards().size());
        assertFalse(Files.exists(storeFile));
    }

    @Test
    void malformedBodiesAre4xxJson() {
        Response garbage = resources
                .target("/api/forwards")
                .request()
                .post(Entity.entity("{not json", MediaType.APPLICATION_JSON));
        assertEquals(400, garbage.getStatus());
        assertTrue(garbage.readEntity(JsonNode.class).has("message"));
        Response unknown = post(Map.of(
                "protocol",
                "tcp",
                "publicPort",
                9000,
                "internalAddress",
                "10.0.0.12",
                "internalPort",
                80,
                "colour",
                "red"));
        assertEquals(400, unknown.getStatus());
        Response empty =
                resources.target("/api/forwards").request().post(Entity.entity("", MediaType.APPLICATION_JSON));
        assertEquals(422, empty.getStatus());
        assertTrue(empty.readEntity(JsonNode.class).has("errors"));
        Response array =
                resources.target("/api/forwards").request().post(Entity.entity("[]", MediaType.APPLICATION_JSON));
        assertEquals(400, array.getStatus());
        assertEquals(1, coreForwards().size());
    }

    @Test
    void conflictWithAnotherForwardIs409NamingIt() {
        Response r = post(body("tcp", "8079-8081", "10.0.0.12", 80));
        assertEquals(409, r.getStatus());
        String m = message(r);
        assertTrue(m.contains("forward config-1 (tcp 203.0.113.1:8080 -> 10.0.0.13:80"), m);
        Response sameTarget = post(body("tcp", 9000, "10.0.0.13", 80));
        assertEquals(409, sameTarget.getStatus());
        assertTrue(message(sameTarget).contains("already the target of forward config-1"));
        assertEquals(1, coreForwards().size());
    }

    @Test
    void conflictWithALiveMappingIs409NamingIt() {
        long id = Fixtures.outbound(app, Protocol.TCP, "10.0.0.11:5555", "198.51.100.80:80");
        int publicPort = Fixtures.core(app, nat -> nat.lookup(id).orElseThrow().publicPort());
        Response r = post(body("tcp", publicPort, "10.0.0.12", 80));
        assertEquals(409, r.getStatus());
        String m = message(r);
        assertTrue(m.contains("live mapping " + id + " (tcp 10.0.0.11:5555 <-> 203.0.113.1:" + publicPort), m);
    }

    @Test
    void getAndDeleteUnknownAre404() {
        assertEquals(404, resources.target("/api/forwards/42").request().get().getStatus());
        assertEquals(
                404, resources.target("/api/forwards/42").request().delete().getStatus());
        assertEquals(404, put("42", body("tcp", 9000, "10.0.0.12", 80)).getStatus());
        Response unknownSwitch = resources
                .target("/api/forwards")
                .queryParam("switch", "0000000000000009")
                .request()
                .get();
        assertEquals(404, unknownSwitch.getStatus());
        assertEquals(
                400,
                resources
                        .target("/api/forwards")
                        .queryParam("switch", "xyz")
                        .request()
                        .get()
                        .getStatus());
    }

    @Test
    void configForwardsAreReadOnly() {
        Response delete = resources.target("/api/forwards/config-1").request().delete();
        assertEquals(409, delete.getStatus());
        assertTrue(message(delete).contains("natflow.yml"));
        assertEquals(409, put("config-1", body("tcp", 8080, "10.0.0.13", 81)).getStatus());
        assertEquals(1, coreForwards().size());
    }

    @Test
    void deleteStopsTheForwardAndUpdatesTheStore() throws IOException {
        post(body("tcp", 9090, "10.0.0.12", 9000));
        Response r = resources.target("/api/forwards/1").request().delete();
        assertEquals(200, r.getStatus());
        assertEquals("1", r.readEntity(ForwardView.class).id());
        assertFalse(coreForwards().contains(rule(9090, "10.0.0.12", 9000, 1)));
        assertFalse(Files.readString(storeFile).contains("9090"));
        assertEquals(404, resources.target("/api/forwards/1").request().get().getStatus());
    }

    @Test
    void putReplacesTheRuleOrJustTheDescription() {
        post(body("tcp", 9090, "10.0.0.12", 9000));
        Response described = put(
                "1",
                Map.of(
                        "protocol",
                        "tcp",
                        "publicPort",
                        9090,
                        "internalAddress",
                        "10.0.0.12",
                        "internalPort",
                        9000,
                        "description",
                        "renamed"));
        assertEquals(200, described.getStatus());
        assertEquals("renamed", described.readEntity(ForwardView.class).description());
        Response moved = put("1", body("tcp", 9191, "10.0.0.11", 9001));
        assertEquals(200, moved.getStatus());
        assertEquals(9191, moved.readEntity(ForwardView.class).publicPort());
        assertTrue(coreForwards().contains(rule(9191, "10.0.0.11", 9001, 1)));
        assertFalse(coreForwards().contains(rule(9090, "10.0.0.12", 9000, 1)));
    }

    @Test
    void putChangesTheTargetOfTheSamePublicPortInPlace() throws IOException {
        post(body("tcp", 9090, "10.0.0.12", 9000));
        long session = inbound(Protocol.TCP, 9090).id();
        Response r = put("1", body("tcp", 9090, "10.0.0.12", 9001));
        assertEquals(200, r.getStatus(), () -> message(r));
        ForwardView view = r.readEntity(ForwardView.class);
        assertEquals(9001, view.internalPort());
        assertEquals(0, view.activeSessions(), "the old rule's session went with it");
        assertTrue(coreForwards().contains(rule(9090, "10.0.0.12", 9001, 1)));
        assertFalse(coreForwards().contains(rule(9090, "10.0.0.12", 9000, 1)));
        assertEquals(false, nat(nat -> nat.lookup(session).isPresent()), "the old rule's session went");
        assertEquals(0, (int) nat(nat -> nat.quarantinedPorts()), "the public port never left the forward");
        assertTrue(Files.readString(storeFile).contains("\"internalPort\" : 9001"));
        assertEquals("10.0.0.12:9001", inbound(Protocol.TCP, 9090).internal().toString());
        Response sameTarget = put("1", body("tcp", 9191, "10.0.0.12", 9001));
        assertEquals(200, sameTarget.getStatus(), () -> message(sameTarget));
        assertEquals(List.of(rule(8080, "10.0.0.13", 80, 1), rule(9191, "10.0.0.12", 9001, 1)), coreForwards());
    }

    @Test
    void putWidensAndNarrowsARangeInPlace() {
        post(body("udp", "5000-5009", "10.0.0.12", "6000-6009"));
        Response wide = put("1", body("udp", "5000-5019", "10.0.0.12", "6000-6019"));
        assertEquals(200, wide.getStatus(), () -> message(wide));
        assertEquals(20, wide.readEntity(ForwardView.class).count());
        assertEquals(0, (int) nat(nat -> nat.quarantinedPorts()));
        assertEquals("10.0.0.12:6015", inbound(Protocol.UDP, 5015).internal().toString());
        Response narrow = put("1", body("udp", "5000-5004", "10.0.0.12", "6000-6004"));
        assertEquals(200, narrow.getStatus(), () -> message(narrow));
        assertEquals(15, (int) nat(nat -> nat.quarantinedPorts()), "5005-5019 given up");
        assertEquals(
                List.of(new ForwardRule.PortForward(
                        Protocol.UDP, Ipv4.parse("203.0.113.1"), 5000, Ipv4.parse("10.0.0.12"), 6000, 5)),
                coreForwards().subList(1, 2));
    }

    @Test
    void putConflictChangesNothing() throws IOException {
        post(body("tcp", 9090, "10.0.0.12", 9000));
        post(body("tcp", 2222, "10.0.0.11", 22));
        long session = inbound(Protocol.TCP, 9090).id();
        long dynamic = Fixtures.outbound(app, Protocol.TCP, "10.0.0.11:9091", "198.51.100.80:80");
        String stored = Files.readString(storeFile);
        List<ForwardRule> before = coreForwards();

        Response forward = put("1", body("tcp", "8080", "10.0.0.12", 9000));
        assertEquals(409, forward.getStatus());
        assertTrue(message(forward).contains("config-1"));
        Response target = put("1", body("tcp", 9090, "10.0.0.11", 22));
        assertEquals(409, target.getStatus());
        String targetMessage = message(target);
        assertTrue(targetMessage.contains("already the target of forward 2"), targetMessage);
        Response mapping = put("1", body("tcp", "9090-9091", "10.0.0.12", "9000-9001"));
        assertEquals(409, mapping.getStatus());
        String mappingMessage = message(mapping);
        assertTrue(mappingMessage.contains("live mapping " + dynamic), mappingMessage);
        assertEquals(422, put("1", body("tcp", 9090, "10.0.0.12", "1-2")).getStatus());

        assertEquals(before, coreForwards());
        assertEquals(true, nat(nat -> nat.lookup(session).isPresent()), "the old rule's session lives on");
        assertEquals(stored, Files.readString(storeFile));
        assertEquals(
                9000,
                resources
                        .target("/api/forwards/1")
                        .request()
                        .get(ForwardView.class)
                        .internalPort());
    }

    @Test
    void aFailedStoreWriteOnPutSwapsTheOldRuleBack() {
        post(body("tcp", 9090, "10.0.0.12", 9000));
        storeBroken.set(true);
        Response r = put("1", body("tcp", 9090, "10.0.0.12", 9001));
        assertEquals(500, r.getStatus());
        assertTrue(message(r).contains("disk full"));
        assertTrue(coreForwards().contains(rule(9090, "10.0.0.12", 9000, 1)));
        assertFalse(coreForwards().contains(rule(9090, "10.0.0.12", 9001, 1)));
        assertEquals(
                9000,
                resources
                        .target("/api/forwards/1")
                        .request()
                        .get(ForwardView.class)
                        .internalPort());
    }

    @Test
    void aFailedStoreWriteOnPutSaysWhatRunsWhenTheOldRuleCannotComeBack() throws IOException {
        post(body("tcp", "9090-9099", "10.0.0.12", "9000-9009"));
        storeBroken.set(true);
        Response r = put("1", body("tcp", "9090-9094", "10.0.0.12", "9000-9004"));
        assertEquals(500, r.getStatus());
        String m = message(r);
        assertTrue(m.contains("disk full") && m.contains("cannot take back") && m.contains("port in quarantine"), m);
        assertTrue(coreForwards().contains(rule(9090, "10.0.0.12", 9000, 5)));
        assertEquals(
                5,
                resources
                        .target("/api/forwards/1")
                        .request()
                        .get(ForwardView.class)
                        .count());
        storeBroken.set(false);
        assertEquals(
                200,
                put(
                                "1",
                                Map.of(
                                        "protocol",
                                        "tcp",
                                        "publicPort",
                                        "9090-9094",
                                        "internalAddress",
                                        "10.0.0.12",
                                        "internalPort",
                                        9000,
                                        "description",
                                        "narrowed"))
                        .getStatus());
        assertTrue(Files.readString(storeFile).contains("\"count\" : 5"), Files.readString(storeFile));
    }

    @Test
    void aFailedStoreWriteIs500AndChangesNothing() {
        storeBroken.set(true);
        Response r = post(body("tcp", 9090, "10.0.0.12", 9000));
        assertEquals(500, r.getStatus());
        assertTrue(message(r).contains("disk full"));
        assertEquals(1, coreForwards().size());
        assertEquals(404, resources.target("/api/forwards/1").request().get().getStatus());
    }

    @Test
    void storedForwardsComeBackInANewService() {
        post(body("tcp", 9090, "10.0.0.12", 9000));
        post(body("udp", "5000-5001", "10.0.0.11", 5000));
        resources.target("/api/forwards/1").request().delete();
        NatApp restarted = Fixtures.natApp(clock);
        NatForwardService again =
                service(new RouterDirectory(restarted.service()), new JsonFileForwardStore(storeFile));
        List<ForwardView> list = again.list(null);
        assertEquals(
                List.of("config-1", "2"), list.stream().map(ForwardView::id).toList());
        assertEquals(2, Fixtures.core(restarted, nat -> nat.forwards()).size());
        assertEquals(
                "3",
                again.add(new ForwardRequest(null, "tcp", null, "9999", "10.0.0.12", "1", null))
                        .id());
        assertNotNull(list.get(1).createdAt());
    }
}
