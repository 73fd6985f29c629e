package io.natflow.rest.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.natflow.rest.config.NatflowConfiguration;
import io.natflow.rest.http.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The page over real HTTP, from an app whose API guards reads ({@code protectReads}): the page
 * and its files load without the token (so it can be entered), the data does not.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebUiTest {
    static final DropwizardAppExtension<NatflowConfiguration> APP =
            TestApp.create(ConfigOverride.config("api.protectReads", "true"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern REFERENCED = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"");
    private static final Pattern IMPORTED = Pattern.compile("from '\\./([a-z]+\\.js)'");

    private static HttpResponse<String> send(String method, String path, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws IOException {
        return send("GET", path, headers);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    @Test
    void thePageIsServedAtTheRootAsHtmlWithItsSecurityHeadersWithoutAToken() throws IOException {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals(
                "text/html;charset=utf-8",
                header(page, "Content-Type").replace(" ", "").toLowerCase(java.util.Locale.ROOT));
        String csp = header(page, "Content-Security-Policy");
        assertTrue(
                csp.contains("script-src 'self'")
                        && csp.contains("default-src 'none'")
                        && csp.contains("frame-ancestors 'none'"),
                csp);
        assertEquals("nosniff", header(page, "X-Content-Type-Options"));
        assertEquals("no-referrer", header(page, "Referrer-Policy"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"/assets/app.js\"></script>"), page.body());
        assertTrue(page.body().contains("<label for=\"token\">API token</label>"), page.body());
    }

    @Test
    void everyFileThePageAndItsModulesReferToIsServedWithItsType() throws IOException {
        Set<String> files = new LinkedHashSet<>();
        Matcher m = REFERENCED.matcher(get("/").body());
        while (m.find()) {
            files.add(m.group(1));
        }
        List<String> modules = new ArrayList<>(List.of("/assets/app.js"));
        for (int i = 0; i < modules.size(); i++) {
            HttpResponse<String> js = get(modules.get(i));
            assertEquals(200, js.statusCode(), modules.get(i));
            Matcher imports = IMPORTED.matcher(js.body());
            while (imports.find()) {
                String path = "/assets/" + imports.group(1);
                if (!modules.contains(path)) {
                    modules.add(path);
                }
            }
        }
        files.addAll(modules);
        assertTrue(files.size() >= 10, "the page, uPlot and the page's modules: " + files);
        for (String path : files) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path);
            String type = header(r, "Content-Type");
            String expected = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "?";
            assertTrue(type.startsWith(expected) && type.contains("utf-8"), path + ": " + type);
            assertTrue(header(r, "Content-Security-Policy").contains("script-src 'self'"), path);
            assertFalse(r.body().isEmpty(), path);
        }
    }

    @Test
    void thePageSendsNoApiTextToTheDomAsMarkup() throws IOException {
        for (String name : new String[] {
            "app.js", "api.js", "dom.js", "format.js", "overview.js", "mappings.js", "forwards.js", "plots.js"
        }) {
            String js = get("/assets/" + name).body();
            for (String sink :
                    new String[] {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("}) {
                assertFalse(js.contains(sink), name + " uses " + sink);
            }
        }
    }

    @Test
    void anETagMakesARevalidation304() throws IOException {
        String etag = header(get("/assets/app.js"), "ETag");
        assertTrue(etag.matches("\"[0-9a-f]{24}\""), etag);
        assertEquals(304, get("/assets/app.js", "If-None-Match", etag).statusCode());
        assertEquals(200, get("/assets/app.js", "If-None-Match", "\"other\"").statusCode());
    }

    @Test
    void onlyThePagesOwnFilesAreReachableAndTheApiStaysJersey() throws IOException {
        for (String path : new String[] {
            "/assets/",
            "/assets/nope.js",
            "/assets/index.html",
            "/assets/../natflow.yml",
            "/assets/%2e%2e/WEB-INF",
            "/assets/META-INF/maven/org.webjars.npm/uplot/pom.properties"
        }) {
            HttpResponse<String> r = get(path);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " -> " + r.statusCode());
            assertTrue(r.body().startsWith("{\"code\":"), path + ": " + r.body());
        }
        HttpResponse<String> post = send("POST", "/");
        assertEquals(405, post.statusCode());
        assertTrue(post.body().startsWith("{\"code\":405"), post.body());
        HttpResponse<String> api = get("/api/switches");
        assertEquals(401, api.statusCode(), "the API's own guard is unchanged: " + api.body());
        assertEquals(
                "[]", get("/api/switches", "Authorization", "Bearer test-token").body());
    }

    @Test
    void healthNeedsTheTokenWhenReadsAreGuarded() throws IOException {
        HttpResponse<String> refused = get("/ui/health");
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body().contains("needs an Authorization: Bearer token"), refused.body());
        assertEquals("Bearer realm=\"natflow\"", header(refused, "WWW-Authenticate"));
        assertEquals(401, get("/ui/health", "Authorization", "Bearer wrong").statusCode());
        HttpResponse<String> health = get("/ui/health", "Authorization", "Bearer test-token");
        assertEquals(200, health.statusCode());
        assertTrue(header(health, "Content-Type").startsWith("application/json"), header(health, "Content-Type"));
        assertTrue(health.body().contains("{\"name\":\"openflow-server\",\"healthy\":true"), health.body());
        assertTrue(health.body().contains("\"name\":\"switches\""), health.body());
    }
}
