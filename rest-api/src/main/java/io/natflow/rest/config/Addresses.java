package io.natflow.rest.config;

import io.natflow.nat.core.Ipv4;
import io.natflow.rest.api.AsciiNumbers;
import io.natflow.rest.api.PortRanges;
import io.natflow.rest.switches.DatapathIds;
import java.util.OptionalLong;

/** Parses the address notations of natflow.yml with errors that name the setting. */
final class Addresses {
    private Addresses() {}

    static int ipv4(String setting, String text) {
        try {
            return Ipv4.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not an IPv4 address");
        }
    }

    /** "10.0.0.0/24" → {network, length}. */
    static int[] prefix(String setting, String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not a prefix like 10.0.0.0/24");
        }
        OptionalLong length = AsciiNumbers.decimal(parts[1], 2);
        if (length.isEmpty()) {
            throw new IllegalArgumentException(setting + ": '" + text + "' has no valid prefix length");
        }
        return new int[] {ipv4(setting, parts[0]), (int) length.getAsLong()};
    }

    /** "02:00:00:00:00:01" → 48-bit value. */
    static long mac(String setting, String text) {
        String hex = text.trim().replace(":", "").replace("-", "");
        OptionalLong mac = hex.length() == 12 ? AsciiNumbers.hex(hex, 12) : OptionalLong.empty();
        return mac.orElseThrow(() -> new IllegalArgumentException(setting + ": '" + text + "' is not a MAC address"));
    }

    /** "1024-65535" or "8080" → {first, last}. */
    static int[] portRange(String setting, String text) {
        return PortRanges.parse(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        setting + ": '" + text + "' is not a port or range within 1-65535"));
    }

    static long datapathId(String setting, String text) {
        return DatapathIds.parse(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        setting + ": '" + text + "' is not a datapath id (16 hex digits)"));
    }
}
