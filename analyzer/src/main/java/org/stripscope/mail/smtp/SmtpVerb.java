package org.stripscope.mail.smtp;

import java.nio.charset.StandardCharsets;

/**
 * SMTP command verbs (RFC 5321 §4.1.1, RFC 3207, RFC 4954, RFC 3030, RFC 1985). Matched in one
 * place only, case-insensitively (RFC 5321 §2.4: verbs are not case sensitive).
 */
public enum SmtpVerb {
    EHLO, HELO, STARTTLS, AUTH, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, VRFY, EXPN, HELP, ETRN,
    /** Any other first word: still queued, since the server will answer it. */
    UNKNOWN;

    private static final SmtpVerb[] KNOWN = {
        EHLO, HELO, STARTTLS, AUTH, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, VRFY, EXPN, HELP, ETRN
    };

    private final byte[] upper = name().getBytes(StandardCharsets.US_ASCII);

    /** The verb spelt by {@code length} bytes at {@code offset}, in any case. */
    public static SmtpVerb of(byte[] bytes, int offset, int length) {
        for (SmtpVerb verb : KNOWN) {
            if (verb.matches(bytes, offset, length)) {
                return verb;
            }
        }
        return UNKNOWN;
    }

    private boolean matches(byte[] bytes, int offset, int length) {
        if (length != upper.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = bytes[offset + i];
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            }
            if (c != upper[i]) {
                return false;
            }
        }
        return true;
    }
}
