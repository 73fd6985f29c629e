package io.natflow.rest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every answer Jetty makes itself (a request it rejects before Jersey sees it: an ambiguous or
 * badly encoded URI, headers too large, an unknown HTTP version, TRACE, 404 on the admin port)
 * is Dropwizard's JSON error, {@code {"code":400,"message":"..."}}, whatever the client accepts
 * and whatever the method. No stack trace, no cause: only Jetty's reason phrase, escaped.
 * Two flavours of one behaviour: {@link OnServer} for what fails outside any context (parsing,
 * URI checks), {@link InServletContext} for the REST and admin servlet contexts.
 */
public final class JsonErrorHandler {
    private final ObjectMapper json;

    public JsonErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    public OnServer onServer() {
        return new OnServer(this);
    }

    public InServletContext inServletContext() {
        return new InServletContext(this);
    }

    String body(int code, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        try {
            return json.writeValueAsString(new ErrorMessage(code, text));
        } catch (JsonProcessingException e) {
            return "{\"code\":" + code + "}";
        }
    }

    ByteBuffer badMessage(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    /** The server's handler (Jetty core). */
    public static final class OnServer extends org.eclipse.jetty.server.handler.ErrorHandler {
        private final JsonErrorHandler errors;

        OnServer(JsonErrorHandler errors) {
            this.errors = errors;
            setShowStacks(false);
            setShowCauses(false);
        }

        /** Jetty writes no body for methods other than GET, POST and HEAD; ours always has one. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause)
                throws IOException {
            return super.generateAcceptableResponse(
                    request,
                    response,
                    callback,
                    "application/json",
                    List.of(StandardCharsets.UTF_8),
                    code,
                    message,
                    null);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(errors.body(code, message));
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            return errors.badMessage(status, reason, fields);
        }
    }

    /** A servlet context's handler (Jetty ee10): the same answers. */
    public static final class InServletContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        private final JsonErrorHandler errors;

        InServletContext(JsonErrorHandler errors) {
            this.errors = errors;
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause)
                throws IOException {
            return super.generateAcceptableResponse(
                    request,
                    response,
                    callback,
                    "application/json",
                    List.of(StandardCharsets.UTF_8),
                    code,
                    message,
                    null);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(errors.body(code, message));
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            return errors.badMessage(status, reason, fields);
        }
    }
}
