package org.stripscope.mail;

/**
 * How a line ended on the wire. A bare CR is not a terminator in SMTP (RFC 5321 §2.3.8: lines end
 * with CRLF; a lone CR is an ordinary, if forbidden, byte), nor in IMAP (RFC 9051 §2.2) or POP3
 * (RFC 1939 §3), whose lines also end with CRLF, so there is no CR kind.
 */
public enum LineTerminator {
    /** CR LF, the only terminator the mail RFCs allow. */
    CRLF,
    /** A bare LF: accepted by most servers, so accepted here too, but visible. */
    LF,
    /** No terminator: the line was flushed at a gap or at the end of the connection. */
    NONE;

    /** How many bytes the terminator took on the wire. */
    public int length() {
        return switch (this) {
            case CRLF -> 2;
            case LF -> 1;
            case NONE -> 0;
        };
    }
}
