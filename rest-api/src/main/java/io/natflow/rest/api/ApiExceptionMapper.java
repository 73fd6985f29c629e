package io.natflow.rest.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders {@link ApiException} the way Dropwizard renders its own errors: {@code {"code":409,"message":"..."}}. */
@Provider
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(e.status(), e.getMessage()))
                .build();
    }
}
