package io.natflow.rest.forwards;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/forwards} and {@code PUT /api/forwards/{id}}. Ports are a number
 * or an equal-length range, as JSON numbers or strings: {@code 8080}, {@code "8000-8009"}. An
 * unknown field is an error (400), so a misspelt one is not silently dropped.
 *
 * @param datapathId    the switch; may be left out when there is only one NAT router
 * @param publicAddress one of the router's public addresses; default: the first
 * @param internalPort  a port (the first of the range when {@code publicPort} is a range) or a
 *                      range of the same length as {@code publicPort}
 */
public record ForwardRequest(
        String datapathId,

        @NotNull @Pattern(regexp = "(?i)tcp|udp", message = "must be tcp or udp")
        String protocol,

        String publicAddress,

        @NotNull @Pattern(regexp = PORTS, message = PORTS_MESSAGE)
        String publicPort,

        @NotBlank String internalAddress,

        @NotNull @Pattern(regexp = PORTS, message = PORTS_MESSAGE)
        String internalPort,

        @Size(max = MAX_DESCRIPTION) String description) {

    /** Longest description, in chars; it must hold no {@link io.natflow.rest.api.SafeText unsafe} character either. */
    static final int MAX_DESCRIPTION = 200;

    static final String PORTS = "\\s*\\d{1,5}\\s*(-\\s*\\d{1,5}\\s*)?";
    static final String PORTS_MESSAGE = "must be a port 1-65535 or a range like 8000-8009";
}
