package io.natflow.rest.api;

import java.util.OptionalLong;

/**
 * Numbers as people type them into URLs, bodies and natflow.yml: ASCII digits only. The JDK's
 * parsers also take other scripts' digits (Arabic-Indic "١٧", fullwidth "１７") and would store
 * them as ASCII; an address or id typed that way is an error here.
 */
public final class AsciiNumbers {
    private AsciiNumbers() {}

    /** The value of 1..{@code maxDigits} ASCII decimal digits, or empty. */
    public static OptionalLong decimal(String text, int maxDigits) {
        return parse(text, maxDigits, 10);
    }

    /** The value of 1..{@code maxDigits} ASCII hex digits (either case), or empty. */
    public static OptionalLong hex(String text, int maxDigits) {
        return parse(text, maxDigits, 16);
    }

    private static OptionalLong parse(String text, int maxDigits, int radix) {
        if (text == null || text.isEmpty() || text.length() > maxDigits) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = digit(text.charAt(i), radix);
            if (digit < 0) {
                return OptionalLong.empty();
            }
            value = value * radix + digit; // 16 hex or 18 decimal digits at most: callers bound maxDigits
        }
        return OptionalLong.of(value);
    }

    private static int digit(char c, int radix) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (radix == 16 && c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (radix == 16 && c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
