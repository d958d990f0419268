package org.stripscope.mail.imap;

import org.stripscope.mail.Line;

/**
 * A client line read as a command (RFC 9051 §2.2.1): "tag SP command [SP arguments]", possibly
 * ending with a literal marker. A reusable view over the line; valid until the framer's next call.
 */
final class ImapCommand {

    private final LiteralMarker literal = new LiteralMarker();
    private Line line;
    private int tagEnd;
    private int verbStart;
    private int verbEnd;
    private int argsStart;
    private ImapVerb verb;

    ImapCommand wrap(Line value) {
        this.line = value;
        byte[] b = value.bytes();
        int n = value.length();
        int space = Ascii.indexOf(b, 0, n, (byte) ' ');
        tagEnd = space < 0 ? n : space;
        verbStart = space < 0 ? n : space + 1;
        int verbSpace = Ascii.indexOf(b, verbStart, n, (byte) ' ');
        verbEnd = verbSpace < 0 ? n : verbSpace;
        argsStart = verbSpace < 0 ? n : verbSpace + 1;
        verb = ImapVerb.of(b, verbStart, verbEnd);
        if (value.truncated()) {
            // The line's end, where a literal marker would be, was not kept.
            literal.clear();
        } else {
            literal.parse(b, 0, n);
        }
        return this;
    }

    Line line() {
        return line;
    }

    /** Whether the line has a tag and a command word. */
    boolean wellFormed() {
        return tagEnd > 0 && verbEnd > verbStart;
    }

    int tagEnd() {
        return tagEnd;
    }

    int verbStart() {
        return verbStart;
    }

    int verbEnd() {
        return verbEnd;
    }

    ImapVerb verb() {
        return verb;
    }

    String verbText() {
        return Ascii.text(line.bytes(), verbStart, verbEnd);
    }

    int argsStart() {
        return argsStart;
    }

    /** Where the arguments end: before a literal marker, else at the line end. */
    int argsEnd() {
        return literal.present() ? Math.max(argsStart, literal.start()) : line.length();
    }

    LiteralMarker literal() {
        return literal;
    }

    /**
     * A verb made only of X, in either case: how an inspecting firewall overwrites a command it
     * suppresses (Cisco ASA writes one X per letter).
     */
    boolean masked() {
        if (verbEnd - verbStart < 2) {
            return false;
        }
        byte[] b = line.bytes();
        for (int i = verbStart; i < verbEnd; i++) {
            if (b[i] != 'X' && b[i] != 'x') {
                return false;
            }
        }
        return true;
    }
}
