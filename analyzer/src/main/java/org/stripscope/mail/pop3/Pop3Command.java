package org.stripscope.mail.pop3;

import org.stripscope.mail.Line;

/**
 * A client line read as a POP3 command (RFC 1939 §3): a keyword, then arguments separated by
 * single spaces. Trailing spaces and tabs are left out of the arguments (lenient: clients send
 * them and servers accept them). A reusable view, re-wrapped per line.
 */
final class Pop3Command {

    private Line line;
    private Pop3Verb verb;
    private int verbEnd;
    private int argumentStart;
    private int argumentEnd;

    Pop3Command wrap(Line line) {
        this.line = line;
        byte[] b = line.bytes();
        int end = contentEnd(line);
        int v = 0;
        while (v < end && !isBlank(b[v])) {
            v++;
        }
        verbEnd = v;
        verb = Pop3Verb.of(b, 0, v);
        argumentStart = skipBlanks(v);
        argumentEnd = end;
        return this;
    }

    Line line() {
        return line;
    }

    Pop3Verb verb() {
        return verb;
    }

    /** The verb as written, raw ISO-8859-1. */
    String verbText() {
        return new String(line.bytes(), 0, verbEnd, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether the verb is only X/x, as a firewall leaves a suppressed command. */
    boolean masked() {
        return Pop3Verb.isMasked(line.bytes(), 0, verbEnd);
    }

    boolean hasArguments() {
        return argumentEnd > argumentStart;
    }

    int argumentStart() {
        return argumentStart;
    }

    int argumentEnd() {
        return argumentEnd;
    }

    /** The end of the argument word starting at {@code from}. */
    int wordEnd(int from) {
        byte[] b = line.bytes();
        int i = from;
        while (i < argumentEnd && !isBlank(b[i])) {
            i++;
        }
        return i;
    }

    /** The start of the next argument word at or after {@code from}. */
    int skipBlanks(int from) {
        byte[] b = line.bytes();
        int end = contentEnd(line);
        int i = from;
        while (i < end && isBlank(b[i])) {
            i++;
        }
        return i;
    }

    /** The argument bytes {@code [from, to)} as raw ISO-8859-1 text. */
    String text(int from, int to) {
        return new String(line.bytes(), from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The end of a line's content without trailing spaces and tabs. */
    static int contentEnd(Line line) {
        byte[] b = line.bytes();
        int end = line.length();
        while (end > 0 && isBlank(b[end - 1])) {
            end--;
        }
        return end;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
