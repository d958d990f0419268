package org.stripscope.mail.pop3;

import java.nio.charset.StandardCharsets;

/**
 * POP3 command verbs (RFC 1939 §§4-7, CAPA and UTF8/LANG from RFC 2449 and RFC 6856, STLS from
 * RFC 2595 §4, AUTH from RFC 5034 §4). Matched in one place only, case-insensitively (RFC 1939
 * §3: keywords are case-insensitive).
 */
enum Pop3Verb {
    USER, PASS, APOP, AUTH, STLS, CAPA, RETR, TOP, LIST, UIDL, STAT, DELE, NOOP, RSET, QUIT, UTF8,
    LANG,
    /** Any other first word: still queued, since the server will answer it. */
    UNKNOWN;

    private static final Pop3Verb[] KNOWN = {
        USER, PASS, APOP, AUTH, STLS, CAPA, RETR, TOP, LIST, UIDL, STAT, DELE, NOOP, RSET, QUIT,
        UTF8, LANG
    };

    private final byte[] upper = name().getBytes(StandardCharsets.US_ASCII);

    /** The verb spelt by {@code length} bytes at {@code offset}, in any case. */
    static Pop3Verb of(byte[] bytes, int offset, int length) {
        for (Pop3Verb verb : KNOWN) {
            if (verb.matches(bytes, offset, length)) {
                return verb;
            }
        }
        return UNKNOWN;
    }

    /**
     * Whether a positive answer to this command is a multi-line response ending in "." (RFC 1939
     * §3): RETR and TOP always, CAPA (RFC 2449 §5), LIST and UIDL without a message number
     * (RFC 1939 §§5, 7), AUTH without a mechanism (the mechanism list, RFC 5034 §4 note) and LANG
     * without a tag (RFC 6856 §3.1). The client's command decides: the +OK line alone does not.
     */
    boolean multiLine(boolean hasArgument) {
        return switch (this) {
            case RETR, TOP, CAPA -> true;
            case LIST, UIDL, AUTH, LANG -> !hasArgument;
            default -> false;
        };
    }

    /**
     * Whether the command is valid only in the TRANSACTION state (RFC 1939 §5: STAT, LIST, RETR,
     * DELE, UIDL, TOP), so that a +OK answer shows the session had logged in.
     */
    boolean transactionOnly() {
        return switch (this) {
            case STAT, LIST, RETR, DELE, UIDL, TOP -> true;
            default -> false;
        };
    }

    /**
     * Whether the verb is made only of X or x: what an inspecting firewall (Cisco ASA) leaves of
     * a command it suppresses, one X per letter.
     */
    static boolean isMasked(byte[] bytes, int offset, int length) {
        if (length < 1) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] != 'X' && bytes[i] != 'x') {
                return false;
            }
        }
        return true;
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
