package org.stripscope.detect;

import org.stripscope.mail.Protocol;

/** The capability keyword that announces STARTTLS in each protocol. */
final class StartTlsKeyword {

    private StartTlsKeyword() {
    }

    /** SMTP: STARTTLS (RFC 3207 §4); IMAP: STARTTLS (RFC 9051 §6.2.1); POP3: STLS (RFC 2595 §4). */
    static String of(Protocol protocol) {
        return protocol == Protocol.POP3 ? "STLS" : "STARTTLS";
    }
}
