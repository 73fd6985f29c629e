package io.natflow.rest.cli;

import io.natflow.rest.api.SafeText;
import java.io.IOException;
import java.io.Writer;

/**
 * Everything the CLI prints goes through here: a character that could drive the terminal
 * ({@link SafeText#isUnsafe}: ESC, CR, other controls, bidi overrides) is written as
 * {@code \\uXXXX}; only the line feeds the CLI itself ends lines with pass. What the controller
 * sends is not trusted to be clean.
 */
final class TerminalSafeWriter extends Writer {
    private final Writer out;

    TerminalSafeWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c != '\n' && SafeText.isUnsafe(c)) {
                out.write(chars, start, i - start);
                out.write(String.format("\\u%04x", (int) c));
                start = i + 1;
            }
        }
        out.write(chars, start, end - start);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
