package io.natflow.rest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3 document of this API ({@code openapi.yaml} on the classpath), as YAML and as
 * JSON. A test keeps it and the resources in step.
 */
@Path("/api")
public final class OpenApiResource {
    public static final String DOCUMENT = "/openapi.yaml";

    private final String yaml;
    private final JsonNode json;

    public OpenApiResource() {
        this.yaml = read();
        try {
            this.json = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml does not parse", e);
        }
    }

    @GET
    @Path("/openapi.yaml")
    @Produces("application/yaml")
    public String yaml() {
        return yaml;
    }

    @GET
    @Path("/openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode json() {
        return json;
    }

    private static String read() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
