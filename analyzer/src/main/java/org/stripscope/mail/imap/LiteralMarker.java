package org.stripscope.mail.imap;

/**
 * The literal announced at the end of a line (RFC 9051 §4.3): {@code {n}} then CRLF then exactly
 * n bytes, which are data, not lines. {@code {n+}} is the non-synchronizing form of LITERAL+ and
 * LITERAL- (RFC 7888), sent without waiting for the server's "+" continuation; {@code ~{n}} is a
 * literal8 (RFC 3516, RFC 9051 §4.3) that may hold any byte. Reused: one per direction.
 */
final class LiteralMarker {

    /** number64 (RFC 9051 §9) has at most 19 digits. */
    private static final int MAX_DIGITS = 19;

    private boolean present;
    private long size;
    private boolean nonSynchronizing;
    private boolean tooLarge;
    private int start;

    /**
     * Reads a marker at the very end of {@code b[from, to)} (the line content without its
     * terminator).
     *
     * @return whether the line ends with one
     */
    boolean parse(byte[] b, int from, int to) {
        present = false;
        tooLarge = false;
        nonSynchronizing = false;
        if (to - from < 3 || b[to - 1] != '}') {
            return false;
        }
        int i = to - 2;
        if (b[i] == '+') {
            nonSynchronizing = true;
            i--;
        }
        int digitsEnd = i + 1;
        while (i >= from && b[i] >= '0' && b[i] <= '9') {
            i--;
        }
        if (i < from || i + 1 == digitsEnd || b[i] != '{') {
            return false;
        }
        int digitsStart = i + 1;
        start = i > from && b[i - 1] == '~' ? i - 1 : i;
        if (digitsEnd - digitsStart > MAX_DIGITS) {
            tooLarge = true;
            size = Long.MAX_VALUE;
        } else {
            long n = 0;
            for (int k = digitsStart; k < digitsEnd; k++) {
                n = n * 10 + (b[k] - '0');
            }
            size = n;
            tooLarge = n < 0;
        }
        present = true;
        return true;
    }

    /** No marker: for a line whose end was not kept (too long), where none can be read. */
    void clear() {
        present = false;
        tooLarge = false;
        nonSynchronizing = false;
    }

    boolean present() {
        return present;
    }

    long size() {
        return size;
    }

    boolean nonSynchronizing() {
        return nonSynchronizing;
    }

    /** More digits than number64 holds. */
    boolean tooLarge() {
        return tooLarge;
    }

    /** Where the marker begins in the line ('{' or the '~' before it). */
    int start() {
        return start;
    }
}
