package org.stripscope.detect;

import org.stripscope.mail.event.ImplicitTlsPlaintext;
import org.stripscope.mail.event.MailEvent;

/**
 * {@code implicit-tls-plaintext}: on a port where TLS starts with the first byte (465, 993, 995;
 * RFC 8314 §3.3) the session began in plaintext, so everything it carries is readable. A
 * middlebox terminating TLS on the server's behalf, or a client or server configured for the
 * wrong mode, gives the same picture. High.
 */
public final class ImplicitTlsPlaintextDetector implements Detector {

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (!(event instanceof ImplicitTlsPlaintext plain)) {
            return;
        }
        String detail = "port " + plain.session().serverPort() + " is implicit TLS (RFC 8314), but the "
                + (plain.fromClient() ? "client's" : "server's") + " first bytes were plaintext "
                + plain.session().protocol().name() + "; the session is readable on the path";
        findings.accept(new Finding(plain.session(), plain.frame(), plain.timeMicros(),
                FindingCode.IMPLICIT_TLS_PLAINTEXT, Severity.HIGH, plain.evidence(), detail));
    }
}
