package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.AuthAttempt.Credentials;
import org.stripscope.mail.event.AuthAttempt.Outcome;
import org.stripscope.mail.event.MailEvent;

class PlaintextAuthDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(Detection.allDetectors(), findings::add);

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    private Finding only(FindingCode code) {
        List<Finding> matching = findings.stream().filter(f -> f.code() == code).toList();
        assertEquals(1, matching.size(), findings.toString());
        return matching.get(0);
    }

    @Test
    void plainPasswordAfterStarttlsWasOffered_isHighAndSaysSo() {
        feed(Events.ehloReply(8, "STARTTLS", "AUTH PLAIN LOGIN"),
                Events.auth(9, "PLAIN", "alice", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, false));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(FindingCode.PLAINTEXT_AUTH, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(9, f.frame());
        assertTrue(f.detail().startsWith("PLAIN outside TLS, user alice"), f.detail());
        assertTrue(f.detail().contains("accepted (235)"), f.detail());
        assertTrue(f.detail().contains("STARTTLS offered (frame 8) but not used"), f.detail());
    }

    @Test
    void loginAfterAMaskedEhlo_namesTheMaskInTheDetail() {
        feed(Events.ehloReply(8, "XXXXXXXA", "AUTH PLAIN LOGIN"),
                Events.auth(14, "LOGIN", "alice", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, false));
        assertEquals(List.of(FindingCode.STARTTLS_MANGLED, FindingCode.PLAINTEXT_AUTH),
                findings.stream().map(Finding::code).toList());
        assertTrue(findings.get(1).detail().contains("STARTTLS masked on the path (frame 8)"), findings.get(1).detail());
    }

    @Test
    void authAfterStarttlsWasRefused_namesTheRefusal() {
        feed(Events.ehloReply(8, "STARTTLS"), Events.startTlsRefused(10),
                Events.auth(14, "PLAIN", "bob", Credentials.CLEARTEXT_SECRET, Outcome.REJECTED, false));
        String detail = only(FindingCode.PLAINTEXT_AUTH).detail();
        assertTrue(detail.contains("STARTTLS refused with 454 (frame 10)"), detail);
        assertTrue(detail.contains("rejected (535)"), detail);
    }

    @Test
    void successSeenOnlyFromTheServer_isMediumAndSaysTheClientLinesAreMissing() {
        feed(Events.auth(12, "UNKNOWN", null, Credentials.NOT_CAPTURED, Outcome.ACCEPTED, false));
        Finding f = findings.get(0);
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.detail().contains("the client's lines are not in the capture"), f.detail());
        assertTrue(f.detail().contains("accepted (235)"), f.detail());
    }

    @Test
    void ehloRepeatedAfterTheRefusal_doesNotHideTheRefusal() {
        feed(Events.ehloReply(8, "STARTTLS"), Events.startTlsRefused(10), Events.ehloReply(12, "STARTTLS", "AUTH PLAIN"),
                Events.auth(14, "PLAIN", "bob", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, false));
        String detail = only(FindingCode.PLAINTEXT_AUTH).detail();
        assertTrue(detail.contains("STARTTLS refused with 454 (frame 10)"), detail);
    }

    @Test
    void authInsideTls_reportsNothing() {
        feed(Events.auth(20, "PLAIN", "alice", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, true));
        assertEquals(List.of(), findings);
    }

    @Test
    void severityFollowsWhatWasExposed() {
        assertEquals(Severity.HIGH, PlaintextAuthDetector.severity(Credentials.CLEARTEXT_SECRET));
        assertEquals(Severity.MEDIUM, PlaintextAuthDetector.severity(Credentials.USERNAME_ONLY));
        assertEquals(Severity.LOW, PlaintextAuthDetector.severity(Credentials.CHALLENGE_RESPONSE));
        assertEquals(Severity.INFO, PlaintextAuthDetector.severity(Credentials.NONE));
    }

    @Test
    void hostileUserName_isEscapedInTheDetail() {
        feed(Events.auth(9, "PLAIN", "=cmd|'/C calc'!A0\r\n\u0000", Credentials.CLEARTEXT_SECRET, Outcome.UNKNOWN, false));
        String detail = findings.get(0).detail();
        assertTrue(detail.contains("user =cmd|'/C calc'!A0\\r\\n\\x00"), detail);
        assertTrue(detail.contains("server reply not seen"), detail);
    }

    @Test
    void sessionStateIsDroppedWhenTheSessionCloses() {
        feed(Events.ehloReply(8, "STARTTLS"), Events.closed(30));
        assertEquals(0, detection.openSessions());
    }

    @Test
    void imapLoginDespiteLoginDisabled_isHighAndSaysTheClientIgnoredIt() {
        org.stripscope.mail.SessionInfo s = Events.imap(1);
        feed(Events.greeting(s, 2, "OK", "[CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready"),
                Events.caps(s, 2, null, "IMAP4rev1", "STARTTLS", "LOGINDISABLED"),
                Events.auth(s, 6, "LOGIN", Credentials.CLEARTEXT_SECRET, Outcome.REJECTED, "a1 LOGIN alice <redacted 6 bytes>\\r\\n"));
        Finding f = only(FindingCode.PLAINTEXT_AUTH);
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().startsWith("LOGIN outside TLS, user alice, password or token sent readable; rejected (NO)"), f.detail());
        assertTrue(f.detail().contains("STARTTLS offered (frame 2) but not used"), f.detail());
        assertTrue(f.detail().endsWith("the server advertised LOGINDISABLED (frame 2), the client sent LOGIN anyway"), f.detail());
    }

    @Test
    void imapListAfterTheLoginWithoutStarttls_doesNotHideThatItWasOffered() {
        // Dovecot's tagged OK to a login carries the post-login capabilities, without STARTTLS
        // (RFC 9051 §6.2.3), and it arrives before the login's outcome is known.
        org.stripscope.mail.SessionInfo s = Events.imap(1);
        feed(Events.greeting(s, 4, "OK", "[CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready"),
                Events.caps(s, 4, null, "IMAP4rev1", "STARTTLS", "AUTH=PLAIN"),
                Events.caps(s, 15, null, "IMAP4rev1", "IDLE", "NAMESPACE"),
                Events.auth(s, 13, "PLAIN", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, "a1 AUTHENTICATE PLAIN\\r\\n"));
        Finding f = only(FindingCode.PLAINTEXT_AUTH);
        assertTrue(f.detail().contains("STARTTLS offered (frame 4) but not used"), f.detail());
    }

    @Test
    void listsWithoutStarttls_sayNotOfferedAtTheFirstOfThem() {
        org.stripscope.mail.SessionInfo s = Events.imap(1);
        feed(Events.caps(s, 4, null, "IMAP4rev1", "AUTH=PLAIN"),
                Events.caps(s, 15, null, "IMAP4rev1", "IDLE"),
                Events.auth(s, 13, "LOGIN", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, "a1 LOGIN alice <redacted 6 bytes>\\r\\n"));
        Finding f = only(FindingCode.PLAINTEXT_AUTH);
        assertTrue(f.detail().contains("STARTTLS not offered (frame 4)"), f.detail());
    }

    @Test
    void loginDisabledHonoured_reportsNothing() {
        org.stripscope.mail.SessionInfo s = Events.imap(1);
        feed(Events.greeting(s, 2, "OK", "ready"),
                Events.caps(s, 4, "CAPABILITY", "IMAP4rev1", "STARTTLS", "LOGINDISABLED"),
                new org.stripscope.mail.event.StartTlsRequested(s, 5, 0, "a2 STARTTLS\\r\\n"),
                Events.replied(s, 6, true, "OK", "a2 OK begin TLS\\r\\n"),
                new org.stripscope.mail.event.TlsConfirmed(s, 7, 0, true),
                new AuthAttempt(s, 9, 0, "LOGIN", null, Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, "OK", 9, true, ""),
                Events.closed(s, 12));
        assertEquals(List.of(), findings);
    }

    @Test
    void pop3UserPassWithoutStls_isHighAndNamesStls() {
        org.stripscope.mail.SessionInfo s = Events.pop3(1);
        feed(Events.caps(s, 4, "CAPA", "USER", "STLS"),
                Events.auth(s, 8, "USER", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, "USER alice\\r\\nPASS <redacted 6 bytes>\\r\\n"));
        Finding f = only(FindingCode.PLAINTEXT_AUTH);
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().contains("STLS offered (frame 4) but not used"), f.detail());
    }

    @Test
    void pop3UserAlone_isMedium() {
        org.stripscope.mail.SessionInfo s = Events.pop3(1);
        feed(Events.auth(s, 8, "USER", Credentials.USERNAME_ONLY, Outcome.REJECTED, "USER alice\\r\\n"));
        assertEquals(Severity.MEDIUM, only(FindingCode.PLAINTEXT_AUTH).severity());
    }

    @Test
    void apopAndCramMd5_areLow() {
        feed(Events.auth(Events.pop3(1), 8, "APOP", Credentials.CHALLENGE_RESPONSE, Outcome.ACCEPTED, "APOP alice <redacted 32 bytes>\\r\\n"),
                Events.auth(Events.imap(2), 8, "CRAM-MD5", Credentials.CHALLENGE_RESPONSE, Outcome.ACCEPTED, "a1 AUTHENTICATE CRAM-MD5\\r\\n"));
        assertEquals(List.of(Severity.LOW, Severity.LOW), findings.stream().map(Finding::severity).toList());
        assertTrue(findings.get(0).detail().startsWith("APOP outside TLS, user alice, challenge-response"), findings.get(0).detail());
    }
}
