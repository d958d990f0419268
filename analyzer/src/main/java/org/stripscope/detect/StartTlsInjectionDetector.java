package org.stripscope.detect;

import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.PlaintextAfterStartTls;

/**
 * {@code starttls-injection}: plaintext bytes crossed the STARTTLS/STLS exchange before TLS could
 * begin (see {@link PlaintextAfterStartTls}). From the client: commands pipelined behind STARTTLS
 * in the same flight, which a server that keeps its input buffer across the switch runs as if
 * they had come over TLS (CVE-2011-0411 and its many successors; RFC 3207 §4.2 forbids
 * pipelining STARTTLS). From the server: bytes after its go-ahead and before the handshake,
 * which a client that keeps its buffer reads as TLS-protected responses (response injection).
 * Either is an attack pattern or a broken peer. High.
 */
public final class StartTlsInjectionDetector implements Detector {

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (!(event instanceof PlaintextAfterStartTls injected)) {
            return;
        }
        String keyword = StartTlsKeyword.of(injected.session().protocol());
        String detail = injected.fromClient()
                ? injected.bytes() + " bytes of client commands pipelined behind " + keyword
                        + " before its reply (command injection, CVE-2011-0411 class): a server that"
                        + " keeps them runs them as if they came over TLS"
                : injected.bytes() + " bytes from the server after its " + keyword
                        + " go-ahead, before the TLS handshake (response injection): a client that"
                        + " keeps them reads them as if they came over TLS";
        findings.accept(new Finding(injected.session(), injected.frame(), injected.timeMicros(),
                FindingCode.STARTTLS_INJECTION, Severity.HIGH, injected.evidence(), detail));
    }
}
