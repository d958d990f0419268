package org.stripscope.detect;

import java.util.Locale;
import org.stripscope.mail.event.StartTlsReplied;

/**
 * Whether a negative STARTTLS/STLS reply says the command itself was not understood, rather than
 * refused: SMTP 500 (syntax error, command unrecognised) and 502 (command unknown to the server),
 * RFC 5321 §4.2.2; IMAP BAD (command unknown or arguments invalid, RFC 9051 §7.1.3); POP3 -ERR
 * whose text says so (RFC 1939 §3 gives -ERR no codes, so only the text can tell).
 */
final class UnknownCommandReply {

    /** Words of real servers' -ERR texts for a command they don't know (protocol text, matched as is). */
    private static final String[] POP3_WORDS = {
        "unknown", "unrecogni", "not implemented", "invalid command", "bad command",
    };

    private UnknownCommandReply() {
    }

    static boolean is(StartTlsReplied reply) {
        if (reply.accepted()) {
            return false;
        }
        return switch (reply.session().protocol()) {
            case SMTP -> reply.code().equals("500") || reply.code().equals("502");
            case IMAP -> reply.code().equalsIgnoreCase("BAD");
            case POP3 -> pop3SaysUnknown(reply.evidence());
        };
    }

    private static boolean pop3SaysUnknown(String evidence) {
        String text = evidence.toLowerCase(Locale.ROOT);
        for (String w : POP3_WORDS) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
