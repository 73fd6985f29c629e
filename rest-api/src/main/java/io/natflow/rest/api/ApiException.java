package io.natflow.rest.api;

/**
 * An error a service reports to the REST layer: an HTTP status and a message meant for people
 * (it names the setting, id or conflicting object). Services stay free of JAX-RS types;
 * {@link ApiExceptionMapper} turns this into Dropwizard's {@code {"code":..,"message":..}}.
 */
public final class ApiException extends RuntimeException {
    private final int status;

    private ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 400: a malformed query or path parameter. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404: no such mapping, forward or switch. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 409: the change collides with another forward, a live mapping or a read-only object. */
    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** 422: well-formed JSON whose values are not acceptable (Dropwizard's status for invalid entities). */
    public static ApiException invalid(String message) {
        return new ApiException(422, message);
    }

    /** 503: the NAT did not answer in time (its router is busy or shutting down); try again. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    /** 500: the change could not be made durable; nothing changed. */
    public static ApiException internal(String message) {
        return new ApiException(500, message);
    }
}
