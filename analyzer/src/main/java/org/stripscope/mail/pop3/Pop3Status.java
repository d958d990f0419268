package org.stripscope.mail.pop3;

import org.stripscope.mail.Line;

/**
 * The status indicator that opens a server line (RFC 1939 §3: "+OK" or "-ERR"; RFC 5034 §4: "+"
 * for a SASL continuation). Matched case-insensitively: the RFC writes them in upper case, and
 * nothing else could start a status line.
 */
enum Pop3Status {
    /** "+OK": positive. */
    OK,
    /** "-ERR": negative. */
    ERR,
    /** "+" not followed by "OK": a SASL challenge, base64 after one space (RFC 5034 §4). */
    CONTINUATION,
    /** Anything else: not a status line (a line of a multi-line body, or garbage). */
    OTHER;

    static Pop3Status of(Line line) {
        byte[] b = line.bytes();
        int n = line.length();
        if (n >= 1 && b[0] == '+') {
            if (n >= 3 && upper(b[1]) == 'O' && upper(b[2]) == 'K') {
                return OK;
            }
            return CONTINUATION;
        }
        if (n >= 4 && b[0] == '-' && upper(b[1]) == 'E' && upper(b[2]) == 'R'
                && upper(b[3]) == 'R') {
            return ERR;
        }
        return OTHER;
    }

    /** The length of the indicator on the wire. */
    int indicatorLength() {
        return switch (this) {
            case OK -> 3;
            case ERR -> 4;
            case CONTINUATION -> 1;
            case OTHER -> 0;
        };
    }

    /** Where the text after the indicator and one space starts. */
    int textStart(Line line) {
        int i = indicatorLength();
        if (i < line.length() && (line.bytes()[i] == ' ' || line.bytes()[i] == '\t')) {
            i++;
        }
        return Math.min(i, line.length());
    }

    /** The indicator as written on the wire ("+OK", "-ERR", "+"). */
    String code(Line line) {
        return new String(line.bytes(), 0, indicatorLength(),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The text after the indicator, raw ISO-8859-1, without terminator. */
    String text(Line line) {
        int from = textStart(line);
        return new String(line.bytes(), from, line.length() - from,
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b;
    }
}
