package org.stripscope.mail.imap;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers for IMAP's ASCII protocol text; nothing here allocates but {@link #text}. */
final class Ascii {

    private Ascii() {
    }

    /** Whether {@code b[from, to)} is {@code upper} in any case ({@code upper} is upper-case ASCII). */
    static boolean equalsIgnoreCase(byte[] b, int from, int to, String upper) {
        if (to - from != upper.length()) {
            return false;
        }
        return startsWithIgnoreCase(b, from, to, upper);
    }

    /** Whether {@code b[from, to)} begins with {@code upper} in any case. */
    static boolean startsWithIgnoreCase(byte[] b, int from, int to, String upper) {
        if (to - from < upper.length()) {
            return false;
        }
        for (int i = 0; i < upper.length(); i++) {
            int c = b[from + i] & 0xff;
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code upper} occurs in {@code b[from, to)} in any case. */
    static boolean containsIgnoreCase(byte[] b, int from, int to, String upper) {
        for (int i = from; i + upper.length() <= to; i++) {
            if (startsWithIgnoreCase(b, i, to, upper)) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    static boolean isDigits(byte[] b, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** The bytes as ISO-8859-1 text, one char per byte. */
    static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }
}
