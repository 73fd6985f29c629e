package io.natflow.rest.cluster;

import io.natflow.nat.service.ClusterService;
import io.natflow.nat.service.SwitchRoute;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.Await;
import io.natflow.rest.api.Routers;
import io.natflow.rest.switches.DatapathIds;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Sends a request about a switch's mappings ({@code /api/mappings…}: list, one mapping with its
 * counters, delete) to the instance that masters the switch, when that is not this one: same
 * method, path and query, the caller's Authorization header, bounded in time and size; the
 * master's answer goes back as it is. No master, or a master that does not answer: 503 with a
 * JSON error. The switch is the {@code switch} query parameter, or the only router if there is
 * one; a listing across several switches answers from this instance's own. A request that was
 * already proxied is never proxied again (header {@value #FORWARDED_BY}).
 */
@Priority(Priorities.USER)
public final class MasterProxyFilter implements ContainerRequestFilter {
    public static final String FORWARDED_BY = "X-Natflow-Forwarded-By";
    /** Time for the master to answer; below the client's usual patience and REST's own 10 s bound. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Larger than any page of mappings the API answers with. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final ClusterService cluster;
    private final Routers routers;
    private final String self;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public MasterProxyFilter(ClusterService cluster, Routers routers, String self) {
        this.cluster = cluster;
        this.routers = routers;
        this.self = self;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("api/mappings") || path.startsWith("api/mappings/"))
                || request.getHeaderString(FORWARDED_BY) != null) {
            return;
        }
        OptionalLong dpid = switchOf(request.getUriInfo().getQueryParameters().getFirst("switch"));
        if (dpid.isEmpty()) {
            return; // the resource answers (or rejects the switch id)
        }
        SwitchRoute route = Await.result(cluster.route(dpid.getAsLong()));
        if (route instanceof SwitchRoute.Unavailable u) {
            throw ApiException.unavailable("switch " + DatapathIds.format(dpid.getAsLong()) + ": " + u.reason());
        }
        if (route instanceof SwitchRoute.Remote remote) {
            request.abortWith(forward(request, remote));
        }
    }

    private OptionalLong switchOf(String switchId) {
        if (switchId != null && !switchId.isBlank()) {
            return DatapathIds.parse(switchId);
        }
        List<Routers.Router> all = routers.all();
        return all.size() == 1 ? OptionalLong.of(all.get(0).datapathId()) : OptionalLong.empty();
    }

    private Response forward(ContainerRequestContext request, SwitchRoute.Remote master) {
        String base = master.restUrl().endsWith("/")
                ? master.restUrl().substring(0, master.restUrl().length() - 1)
                : master.restUrl();
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        URI target = URI.create(base + "/" + request.getUriInfo().getPath(false) + (query == null ? "" : "?" + query));
        HttpRequest.Builder out = HttpRequest.newBuilder(target)
                .timeout(TIMEOUT)
                .method(request.getMethod(), HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json")
                .header(FORWARDED_BY, self);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            out.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try {
            HttpResponse<InputStream> answer = http.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = answer.body()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                throw ApiException.unavailable(
                        "the master " + master.instanceId() + " answered with more than " + MAX_BODY_BYTES + " bytes");
            }
            return Response.status(answer.statusCode())
                    .type(answer.headers().firstValue("Content-Type").orElse("application/json"))
                    .header(FORWARDED_BY, master.instanceId())
                    .entity(body)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking the master " + master.instanceId());
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.unavailable("the master of this switch, " + master.instanceId() + " at "
                    + master.restUrl() + ", did not answer (" + e.getClass().getSimpleName() + ")");
        }
    }
}
