package org.stripscope.detect;

import org.stripscope.mail.Protocol;
import org.stripscope.mail.event.Greeting;
import org.stripscope.mail.event.MailEvent;

/**
 * {@code banner-masked}: the greeting text is asterisks where a host name and software name
 * should be (see {@link BannerMask}). It shows an inspecting firewall on the path, one that
 * rewrites the server's lines and so may also mask STARTTLS; by itself it exposes nothing.
 * Severity low.
 */
public final class BannerMaskedDetector implements Detector {

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (!(event instanceof Greeting greeting) || !BannerMask.isMasked(greeting.text())) {
            return;
        }
        String detail = "greeting text is asterisks (a run of at least " + BannerMask.MIN_RUN
                + ", no letters): an inspecting firewall rewrote the banner"
                + (greeting.session().protocol() == Protocol.SMTP
                        ? " (Cisco ASA/PIX ESMTP inspection keeps only the digits 2 and 0)" : "")
                + "; it may rewrite the capability list too";
        findings.accept(new Finding(greeting.session(), greeting.frame(), greeting.timeMicros(),
                FindingCode.BANNER_MASKED, Severity.LOW, greeting.evidence(), detail));
    }
}
