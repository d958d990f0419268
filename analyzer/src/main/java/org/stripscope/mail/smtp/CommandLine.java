package org.stripscope.mail.smtp;

import org.stripscope.mail.Line;

/**
 * A client line read as a command: verb, then arguments with trailing spaces and tabs removed
 * (lenient: RFC 5321 §4.1.1 has no trailing space, but clients send it and servers accept it).
 * A reusable view, re-wrapped per line.
 */
final class CommandLine {

    private Line line;
    private SmtpVerb verb;
    private int verbEnd;
    private int argumentStart;
    private int argumentEnd;

    CommandLine wrap(Line line) {
        this.line = line;
        byte[] b = line.bytes();
        int end = contentEnd(line);
        int verbEnd = 0;
        while (verbEnd < end && !isBlank(b[verbEnd])) {
            verbEnd++;
        }
        verb = SmtpVerb.of(b, 0, verbEnd);
        this.verbEnd = verbEnd;
        int start = verbEnd;
        while (start < end && isBlank(b[start])) {
            start++;
        }
        argumentStart = start;
        argumentEnd = end;
        return this;
    }

    Line line() {
        return line;
    }

    SmtpVerb verb() {
        return verb;
    }

    /** The end of the verb as written: it starts at index 0 of the line. */
    int verbEnd() {
        return verbEnd;
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
        int i = from;
        while (i < argumentEnd && isBlank(b[i])) {
            i++;
        }
        return i;
    }

    /**
     * The end of a client line's content without trailing spaces and tabs: the end of a
     * command's arguments, or of a SASL response's data (blanks are not base64).
     */
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
