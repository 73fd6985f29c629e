package io.natflow.rest.mappings;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Protocol;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.AsciiNumbers;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The filters and page of {@code GET /api/mappings}; null means "any".
 *
 * @param internalPort only with {@code internalIp}: {@code internal=10.0.0.11:5555}
 */
public record MappingQuery(
        Protocol protocol,
        Integer internalIp,
        Integer internalPort,
        Integer publicPort,
        String switchId,
        int offset,
        int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = io.natflow.nat.service.NatService.MAX_PAGE;

    /** Parses the query parameters as typed; a bad one is a 400 that names it. */
    public static MappingQuery parse(
            String protocol, String internal, String publicPort, String switchId, String offset, String limit) {
        Protocol p = null;
        if (present(protocol)) {
            try {
                p = Protocol.valueOf(protocol.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("protocol '" + protocol + "' must be tcp, udp or icmp");
            }
        }
        Integer ip = null;
        Integer port = null;
        if (present(internal)) {
            String text = internal.trim();
            int colon = text.indexOf(':');
            ip = address(colon < 0 ? text : text.substring(0, colon));
            port = colon < 0 ? null : number("internal port", text.substring(colon + 1), 0, 65535);
        }
        Integer pub = present(publicPort) ? number("publicPort", publicPort, 0, 65535) : null;
        int off = present(offset) ? number("offset", offset, 0, Integer.MAX_VALUE) : 0;
        int lim = present(limit) ? number("limit", limit, 1, MAX_LIMIT) : DEFAULT_LIMIT;
        return new MappingQuery(p, ip, port, pub, present(switchId) ? switchId.trim() : null, off, lim);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static int address(String text) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("internal '" + text + "' is not an IPv4 address (or ip:port)");
        }
    }

    private static int number(String what, String text, int min, int max) {
        OptionalLong n = AsciiNumbers.decimal(text.trim(), 10);
        if (n.isPresent() && n.getAsLong() >= min && n.getAsLong() <= max) {
            return (int) n.getAsLong();
        }
        throw ApiException.badRequest(what + " '" + text + "' must be a number in " + min + ".." + max);
    }
}
