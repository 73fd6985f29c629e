package io.natflow.rest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class BearerTokenFilterTest {
    @Path("/api/thing")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Thing {
        @GET
        public String read() {
            return "\"ok\"";
        }

        @DELETE
        public String write() {
            return "\"gone\"";
        }
    }

    private final ResourceExtension writesOnly = ResourceExtension.builder()
            .addResource(new Thing())
            .addProvider(new BearerTokenFilter("s3cret", false))
            .build();
    private final ResourceExtension everything = ResourceExtension.builder()
            .addResource(new Thing())
            .addProvider(new BearerTokenFilter("s3cret", true))
            .build();

    @Test
    void writesNeedTheToken() {
        assertEquals(200, writesOnly.target("/api/thing").request().get().getStatus());
        Response none = writesOnly.target("/api/thing").request().delete();
        assertEquals(401, none.getStatus());
        assertEquals("Bearer realm=\"natflow\"", none.getHeaderString("WWW-Authenticate"));
        assertEquals(
                401,
                none.readEntity(com.fasterxml.jackson.databind.JsonNode.class)
                        .get("code")
                        .asInt());
        assertEquals(
                401,
                writesOnly
                        .target("/api/thing")
                        .request()
                        .header("Authorization", "Bearer wrong")
                        .delete()
                        .getStatus());
        assertEquals(
                401,
                writesOnly
                        .target("/api/thing")
                        .request()
                        .header("Authorization", "Basic s3cret")
                        .delete()
                        .getStatus());
        assertEquals(
                200,
                writesOnly
                        .target("/api/thing")
                        .request()
                        .header("Authorization", "Bearer s3cret")
                        .delete()
                        .getStatus());
    }

    @Test
    void readsToWhenProtected() {
        assertEquals(401, everything.target("/api/thing").request().get().getStatus());
        assertEquals(
                200,
                everything
                        .target("/api/thing")
                        .request()
                        .header("Authorization", "Bearer s3cret")
                        .get()
                        .getStatus());
    }
}
