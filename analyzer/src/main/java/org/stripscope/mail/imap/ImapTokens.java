package org.stripscope.mail.imap;

/**
 * Reads the arguments of an IMAP line one token at a time (RFC 9051 §9: atoms, quoted strings,
 * parenthesised lists); a literal is announced only at the line end and is read by
 * {@link LiteralMarker}, so the caller stops before it. Reusable: {@link #wrap} per line.
 */
final class ImapTokens {

    enum Kind { ATOM, QUOTED, OPEN, CLOSE, END }

    private byte[] b;
    private int pos;
    private int end;
    private int start;
    private int stop;
    private boolean unterminated;

    void wrap(byte[] bytes, int from, int to) {
        this.b = bytes;
        this.pos = from;
        this.end = to;
    }

    /**
     * The next token. For {@link Kind#QUOTED}, {@link #start()}..{@link #stop()} covers the whole
     * quoted string, quotes included.
     */
    Kind next() {
        while (pos < end && b[pos] == ' ') {
            pos++;
        }
        if (pos >= end) {
            start = stop = end;
            return Kind.END;
        }
        start = pos;
        byte c = b[pos];
        if (c == '(') {
            stop = ++pos;
            return Kind.OPEN;
        }
        if (c == ')') {
            stop = ++pos;
            return Kind.CLOSE;
        }
        if (c == '"') {
            pos++;
            unterminated = true;
            while (pos < end) {
                byte q = b[pos++];
                if (q == '\\' && pos < end) {
                    pos++;
                } else if (q == '"') {
                    unterminated = false;
                    break;
                }
            }
            stop = pos;
            return Kind.QUOTED;
        }
        while (pos < end && b[pos] != ' ' && b[pos] != '(' && b[pos] != ')') {
            pos++;
        }
        stop = pos;
        return Kind.ATOM;
    }

    int start() {
        return start;
    }

    int stop() {
        return stop;
    }

    /** The value of the current token: an atom as is, a quoted string unescaped (RFC 9051 §4.3). */
    String value() {
        if (b[start] != '"') {
            return Ascii.text(b, start, stop);
        }
        int last = unterminated ? stop : stop - 1;
        StringBuilder sb = new StringBuilder(last - start);
        for (int i = start + 1; i < last; i++) {
            char ch = (char) (b[i] & 0xff);
            if (ch == '\\' && i + 1 < last) {
                ch = (char) (b[++i] & 0xff);
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    /** The length of {@link #value()} without building it. */
    int valueLength() {
        if (b[start] != '"') {
            return stop - start;
        }
        int last = unterminated ? stop : stop - 1;
        int n = 0;
        for (int i = start + 1; i < last; i++) {
            if (b[i] == '\\' && i + 1 < last) {
                i++;
            }
            n++;
        }
        return n;
    }
}
