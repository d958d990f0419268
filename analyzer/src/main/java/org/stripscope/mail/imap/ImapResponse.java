package org.stripscope.mail.imap;

import org.stripscope.mail.Line;

/**
 * A server line read as the start of a response (RFC 9051 §2.2.2, §7): a continuation request
 * ("+ text"), an untagged response ("* ...", with a number first for message data such as
 * "* 12 FETCH"), or a tagged completion ("tag OK|NO|BAD [code] text"). Status responses carry an
 * optional response code in brackets (§7.1), such as [CAPABILITY ...]. A reusable view over the
 * line; valid until the framer's next call.
 */
final class ImapResponse {

    enum Kind { CONTINUATION, UNTAGGED, TAGGED, MALFORMED }

    /** The status of a status response (RFC 9051 §7.1), or NONE for data responses. */
    enum Status { OK, NO, BAD, PREAUTH, BYE, NONE }

    private Line line;
    private Kind kind;
    private Status status;
    private int tagEnd;
    private boolean numbered;
    private int wordStart;
    private int wordEnd;
    private int codeStart;
    private int codeEnd;
    private int textStart;

    ImapResponse wrap(Line value) {
        this.line = value;
        byte[] b = value.bytes();
        int n = value.length();
        status = Status.NONE;
        numbered = false;
        codeStart = -1;
        codeEnd = -1;
        tagEnd = 0;
        if (n >= 1 && b[0] == '+' && (n == 1 || b[1] == ' ')) {
            kind = Kind.CONTINUATION;
            textStart = Math.min(2, n);
            wordStart = wordEnd = textStart;
            return this;
        }
        int p;
        if (n >= 2 && b[0] == '*' && b[1] == ' ') {
            kind = Kind.UNTAGGED;
            tagEnd = 1;
            p = 2;
        } else {
            int space = Ascii.indexOf(b, 0, n, (byte) ' ');
            if (space <= 0) {
                kind = Kind.MALFORMED;
                return this;
            }
            kind = Kind.TAGGED;
            tagEnd = space;
            p = space + 1;
        }
        wordStart = p;
        wordEnd = wordEnd(b, p, n);
        if (kind == Kind.UNTAGGED && Ascii.isDigits(b, wordStart, wordEnd)) {
            // message-data (RFC 9051 §7.4, §7.5): "* 12 EXPUNGE", "* 12 FETCH (...)"
            numbered = true;
            wordStart = Math.min(wordEnd + 1, n);
            wordEnd = wordEnd(b, wordStart, n);
        } else {
            status = statusOf(b, wordStart, wordEnd);
        }
        if (kind == Kind.TAGGED && status != Status.OK && status != Status.NO
                && status != Status.BAD) {
            kind = Kind.MALFORMED;
            return this;
        }
        textStart = afterWord(b, wordEnd, n);
        if (status != Status.NONE && textStart < n && b[textStart] == '[') {
            int close = Ascii.indexOf(b, textStart + 1, n, (byte) ']');
            codeStart = textStart + 1;
            codeEnd = close < 0 ? n : close;
            textStart = close < 0 ? n : Math.min(close + 1 + (close + 1 < n && b[close + 1] == ' '
                    ? 1 : 0), n);
        }
        return this;
    }

    /** Past the blank after a word; a code or list may follow the word directly ("OK[ALERT]"). */
    private static int afterWord(byte[] b, int wordEnd, int n) {
        return wordEnd < n && b[wordEnd] == ' ' ? wordEnd + 1 : wordEnd;
    }

    private static int wordEnd(byte[] b, int from, int n) {
        int i = from;
        while (i < n && b[i] != ' ' && b[i] != '[' && b[i] != '(') {
            i++;
        }
        return i;
    }

    private static Status statusOf(byte[] b, int from, int to) {
        for (Status s : STATUSES) {
            if (s != Status.NONE && Ascii.equalsIgnoreCase(b, from, to, s.name())) {
                return s;
            }
        }
        return Status.NONE;
    }

    private static final Status[] STATUSES = Status.values();

    Line line() {
        return line;
    }

    Kind kind() {
        return kind;
    }

    Status status() {
        return status;
    }

    /** Whether the response is a status response (OK, NO, BAD, PREAUTH, BYE). */
    boolean isStatus() {
        return status != Status.NONE;
    }

    int tagEnd() {
        return tagEnd;
    }

    /** "* n TYPE": message data with a number before its type word. */
    boolean numbered() {
        return numbered;
    }

    /** Whether the status word, or the data word (after the number for message data), is this. */
    boolean wordIs(String upper) {
        return Ascii.equalsIgnoreCase(line.bytes(), wordStart, wordEnd, upper);
    }

    int wordEnd() {
        return wordEnd;
    }

    /** Whether a response code is present and its atom is this ("CAPABILITY"). */
    boolean codeIs(String upper) {
        if (codeStart < 0) {
            return false;
        }
        int atomEnd = codeStart;
        while (atomEnd < codeEnd && line.bytes()[atomEnd] != ' ') {
            atomEnd++;
        }
        return Ascii.equalsIgnoreCase(line.bytes(), codeStart, atomEnd, upper);
    }

    int codeStart() {
        return codeStart;
    }

    int codeEnd() {
        return codeEnd;
    }

    /** The human-readable text after the status word and response code, raw ISO-8859-1. */
    String text() {
        return Ascii.text(line.bytes(), textStart, line.length());
    }

    int textStart() {
        return textStart;
    }

    /** The text after the status word (response code included), raw ISO-8859-1. */
    String textAfterWord() {
        return Ascii.text(line.bytes(), afterWord(line.bytes(), wordEnd, line.length()),
                line.length());
    }
}
