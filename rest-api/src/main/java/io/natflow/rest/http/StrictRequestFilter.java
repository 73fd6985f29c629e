package io.natflow.rest.http;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What the API accepts, before a resource is matched: no matrix parameters ({@code /1;x=y} would
 * otherwise address forward 1), and a body only as UTF-8 JSON: a {@code charset} other than
 * utf-8 is 415, bytes that are not UTF-8 (or hold U+0000, which JSON never has and which makes
 * Jackson guess UTF-16) are 400. The body is bounded already ({@link RequestBodyGate}).
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public final class StrictRequestFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getUriInfo().getRequestUri().getRawPath().contains(";")) {
            request.abortWith(error(400, "matrix parameters (';' in the path) are not accepted"));
            return;
        }
        if (!request.hasEntity()) {
            return;
        }
        MediaType type = request.getMediaType();
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            request.abortWith(error(415, "charset " + charset + " is not accepted; send UTF-8 JSON"));
            return;
        }
        byte[] body;
        try (InputStream in = request.getEntityStream()) {
            body = in.readAllBytes();
        }
        if (!isUtf8WithoutNul(body)) {
            request.abortWith(error(400, "the body is not UTF-8 text"));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static boolean isUtf8WithoutNul(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message))
                .build();
    }
}
