package org.stripscope.detect;

import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.mail.event.TlsNotFollowed;

/**
 * {@code starttls-no-handshake}: STARTTLS/STLS was answered positively, yet no TLS followed.
 * <ul>
 *   <li>The client went on in plaintext (TlsNotFollowed from the client): everything after the
 *   go-ahead, which both ends believe protected, crossed in the clear. High.</li>
 *   <li>The client began TLS but the server answered in plaintext (TlsNotFollowed from the
 *   server): the server never agreed to TLS, so the go-ahead probably came from a middlebox, or
 *   the server's TLS is broken. Nothing secret has crossed yet (the client is waiting for a
 *   handshake), so medium; high when the go-ahead's packet differs from the server's other
 *   packets ({@link ReplyTraits}).</li>
 * </ul>
 * Nothing is reported when the session holds no positive reply to STARTTLS/STLS.
 */
public final class StartTlsNoHandshakeDetector implements Detector {

    @Override
    public void onEvent(MailEvent event, SessionFacts facts, FindingSink findings) {
        if (event instanceof SessionClosed closed) {
            closedAfterGoAhead(closed, facts, findings);
            return;
        }
        if (!(event instanceof TlsNotFollowed notFollowed)) {
            return;
        }
        StartTlsReplied goAhead = facts.acceptedReply();
        if (goAhead == null) {
            // No go-ahead in the session: plaintext where TLS was due from the start is the
            // implicit-TLS case (implicit-tls-plaintext), not a STARTTLS exchange.
            return;
        }
        String keyword = StartTlsKeyword.of(notFollowed.session().protocol());
        String accepted = keyword + " accepted (" + goAhead.code() + ") in frame " + goAhead.frame();
        Severity severity;
        String detail;
        if (notFollowed.fromClient()) {
            severity = Severity.HIGH;
            detail = accepted + ", the client went on in plaintext";
        } else {
            String traits = ReplyTraits.differences(goAhead);
            severity = traits.isEmpty() ? Severity.MEDIUM : Severity.HIGH;
            detail = accepted + " and the client began TLS, but the server answered in plaintext:"
                    + " the go-ahead probably did not come from the server (a middlebox answered "
                    + keyword + "), or the server's TLS is broken"
                    + (traits.isEmpty() ? "" : "; the go-ahead looks injected: " + traits);
        }
        findings.accept(new Finding(notFollowed.session(), notFollowed.frame(), notFollowed.timeMicros(),
                FindingCode.STARTTLS_NO_HANDSHAKE, severity, notFollowed.evidence(), detail));
    }

    /**
     * A go-ahead after which nothing more came from either side until the session ended: the
     * upgrade was never verified. Low: a client may also give up on purpose, and a capture that
     * stops right after the go-ahead may simply have missed the handshake (the detail says which
     * end it was). Bytes lost after the go-ahead prove nothing.
     */
    private static void closedAfterGoAhead(SessionClosed closed, SessionFacts facts, FindingSink findings) {
        StartTlsReplied goAhead = facts.acceptedReply();
        if (goAhead == null || facts.inTls() || facts.gapAfterGoAhead()
                || facts.tlsStory() == SessionFacts.TlsStory.ACCEPTED_NO_HANDSHAKE) {
            return;
        }
        String end = switch (closed.reason()) {
            case "fin", "rst" -> "the connection ended (" + closed.reason() + ", frame " + closed.frame() + ")";
            case "end_of_capture" -> "the capture ended (frame " + closed.frame() + ")";
            case "idle_timeout" -> "the connection went idle (last frame " + closed.frame() + ")";
            default -> null;
        };
        if (end == null) {
            return;
        }
        String keyword = StartTlsKeyword.of(closed.session().protocol());
        findings.accept(new Finding(closed.session(), goAhead.frame(), goAhead.timeMicros(),
                FindingCode.STARTTLS_NO_HANDSHAKE, Severity.LOW, goAhead.evidence(),
                keyword + " accepted (" + goAhead.code() + ") here, but " + end
                        + " without any TLS record: the upgrade is unverified"));
    }
}
