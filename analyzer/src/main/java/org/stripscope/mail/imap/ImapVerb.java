package org.stripscope.mail.imap;

/**
 * The client commands the session follows (RFC 9051 §6); every other command is
 * {@link #OTHER}, queued for its completion and otherwise ignored. Matched case-insensitively
 * (RFC 9051 §9: command names are case-insensitive).
 */
enum ImapVerb {
    STARTTLS, LOGIN, AUTHENTICATE, IDLE, APPEND, COMPRESS, OTHER;

    /** The verb at {@code b[from, to)}, any case. */
    static ImapVerb of(byte[] b, int from, int to) {
        for (ImapVerb v : VALUES) {
            if (v != OTHER && Ascii.equalsIgnoreCase(b, from, to, v.name())) {
                return v;
            }
        }
        return OTHER;
    }

    private static final ImapVerb[] VALUES = values();
}
