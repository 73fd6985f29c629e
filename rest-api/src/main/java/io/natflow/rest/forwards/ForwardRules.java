package io.natflow.rest.forwards;

import io.natflow.nat.core.ForwardRule.PortForward;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.service.RouterSettings;
import io.natflow.rest.api.ApiException;
import io.natflow.rest.api.PortRanges;
import io.natflow.rest.api.SafeText;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a request into the core's rule, checking it against the router (422 on a bad value). The
 * API's requests and the forward store's entries at startup both go through here.
 */
final class ForwardRules {
    private ForwardRules() {}

    static PortForward build(ForwardRequest r, RouterSettings router) {
        description(r.description());
        Protocol protocol = Protocol.valueOf(r.protocol().trim().toUpperCase(Locale.ROOT));
        int[] pub = ports("publicPort", r.publicPort());
        int[] in = ports("internalPort", r.internalPort());
        int count = pub[1] - pub[0] + 1;
        boolean internalRange = in[1] != in[0] || r.internalPort().contains("-");
        if (internalRange && in[1] - in[0] + 1 != count) {
            throw ApiException.invalid("internalPort " + r.internalPort().trim() + " has " + (in[1] - in[0] + 1)
                    + " port(s) but publicPort " + r.publicPort().trim() + " has " + count
                    + ": ranges must be of equal length");
        }
        if (in[0] + count - 1 > 65535) {
            throw ApiException.invalid("internalPort " + in[0] + " + " + count + " ports runs past 65535");
        }
        int internalIp = address("internalAddress", r.internalAddress());
        if (!router.inLan(internalIp)) {
            throw ApiException.invalid("internalAddress " + Ipv4.format(internalIp) + " is outside the LAN prefix "
                    + Ipv4.format(router.lanNetwork()) + "/" + router.lanPrefixLength()
                    + (router.routedLanPrefixes().isEmpty() ? "" : " and " + router.routedLanPrefixes()));
        }
        if (!router.isLanHost(internalIp)) {
            throw ApiException.invalid("internalAddress " + Ipv4.format(internalIp)
                    + " is the LAN's network, broadcast or router address, not a host");
        }
        int[] pool = router.nat().publicAddresses();
        int publicIp = router.routerWanIp();
        if (r.publicAddress() != null && !r.publicAddress().isBlank()) {
            publicIp = address("publicAddress", r.publicAddress());
            int wanted = publicIp;
            if (Arrays.stream(pool).noneMatch(a -> a == wanted)) {
                throw ApiException.invalid("publicAddress " + Ipv4.format(publicIp) + " is not a public address of "
                        + "this router ("
                        + String.join(
                                ", ", Arrays.stream(pool).mapToObj(Ipv4::format).toList()) + ")");
            }
        }
        return new PortForward(protocol, publicIp, pub[0], internalIp, in[0], count);
    }

    /** At most {@link ForwardRequest#MAX_DESCRIPTION} chars, none of them a control or bidi character. */
    static void description(String text) {
        if (text == null) {
            return;
        }
        if (text.length() > ForwardRequest.MAX_DESCRIPTION) {
            throw ApiException.invalid("description is longer than " + ForwardRequest.MAX_DESCRIPTION + " characters");
        }
        SafeText.firstUnsafe(text).ifPresent(where -> {
            throw ApiException.invalid("description contains a control or bidirectional-text character (" + where
                    + "); those could rewrite what a terminal shows");
        });
    }

    /** "8080" or "8000-8009" → {first, last} within 1..65535. */
    static int[] ports(String field, String text) {
        return PortRanges.parse(text)
                .orElseThrow(() -> ApiException.invalid(field + " '" + text.trim()
                        + "' must be a port 1-65535 or a range first-last with first <= last"));
    }

    private static int address(String field, String text) {
        try {
            return Ipv4.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field + " '" + text.trim() + "' is not an IPv4 address");
        }
    }
}
