package org.stripscope.detect;

import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.StartTlsReplied;

/**
 * {@code starttls-rejected}: STARTTLS/STLS was answered with an error (SMTP 4xx/5xx, IMAP NO/BAD,
 * POP3 -ERR), other than the unknown-command answers that
 * {@link StartTlsCommandMangledDetector} reports. Servers do refuse STARTTLS themselves (454 "TLS
 * not available" when the certificate cannot be loaded, RFC 3207 §4), so a refusal alone is
 * medium. It is high when the reply packet differs from the server's other packets in TTL, IPv4
 * ID sequence or TCP options ({@link ReplyTraits}): then a middlebox probably answered in the
 * server's name, and the detail names each differing trait with its values.
 */
public final class StartTlsRejectedDetector implements Detector {

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (!(event instanceof StartTlsReplied reply) || reply.accepted()
                || StartTlsCommandMangledDetector.answeredAsUnknown(reply, facts)) {
            return;
        }
        String keyword = StartTlsKeyword.of(reply.session().protocol());
        StringBuilder sb = new StringBuilder(200);
        sb.append(keyword).append(" refused with ").append(reply.code());
        if (facts.offeredStartTls()) {
            sb.append(" although the server offered it (frame ").append(facts.offeredFrame()).append(')');
        }
        String traits = ReplyTraits.differences(reply);
        if (!traits.isEmpty()) {
            sb.append("; the reply looks injected by a middlebox: ").append(traits);
        }
        findings.accept(new Finding(reply.session(), reply.frame(), reply.timeMicros(),
                FindingCode.STARTTLS_REJECTED, traits.isEmpty() ? Severity.MEDIUM : Severity.HIGH,
                reply.evidence(), sb.toString()));
    }
}
