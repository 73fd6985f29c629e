package io.natflow.rest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.natflow.rest.cluster.ClusterResource;
import io.natflow.rest.forwards.ForwardsResource;
import io.natflow.rest.mappings.MappingsResource;
import io.natflow.rest.settings.ConfigResource;
import io.natflow.rest.stats.StatsResource;
import io.natflow.rest.switches.SwitchesResource;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/**
 * Keeps openapi.yaml true: every operation of every resource is documented and nothing else is,
 * and every schema that names a Java record has exactly that record's fields.
 * {@link io.natflow.rest.NatflowApplicationTest} checks that these are the resources the app registers.
 */
public class OpenApiDocumentTest {
    /** Every JAX-RS resource class of the application. */
    public static final Set<Class<?>> RESOURCES = Set.of(
            SwitchesResource.class,
            MappingsResource.class,
            ForwardsResource.class,
            StatsResource.class,
            ConfigResource.class,
            ClusterResource.class,
            OpenApiResource.class);

    static JsonNode document() throws Exception {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    /** "GET /api/forwards/{id}" for every resource method. */
    public static Set<String> operations(Iterable<Class<?>> resources) {
        Set<String> out = new TreeSet<>();
        for (Class<?> c : resources) {
            Resource r = Resource.from(c);
            collect(r, "", out);
        }
        return out;
    }

    private static void collect(Resource r, String prefix, Set<String> out) {
        String path = (prefix + "/" + r.getPath()).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        for (ResourceMethod m : r.getResourceMethods()) {
            out.add(m.getHttpMethod() + " " + path);
        }
        for (Resource child : r.getChildResources()) {
            collect(child, path, out);
        }
    }

    @Test
    void everyOperationIsDocumentedAndViceVersa() throws Exception {
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document().get("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue()
                    .fieldNames()
                    .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey()));
        }
        assertEquals(operations(RESOURCES), documented);
    }

    @Test
    void schemasMatchTheirRecords() throws Exception {
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> schemas =
                        document().at("/components/schemas").fields();
                schemas.hasNext(); ) {
            Map.Entry<String, JsonNode> s = schemas.next();
            JsonNode type = s.getValue().get("x-java-type");
            if (type == null) {
                continue;
            }
            Class<?> record = Class.forName(type.asText());
            Set<String> fields = new TreeSet<>(Arrays.stream(record.getRecordComponents())
                    .map(RecordComponent::getName)
                    .toList());
            Set<String> documented = new TreeSet<>();
            s.getValue().get("properties").fieldNames().forEachRemaining(documented::add);
            assertEquals(fields, documented, "schema " + s.getKey() + " vs " + record.getName());
            checked++;
        }
        assertEquals(23, checked, "schemas with x-java-type");
    }
}
