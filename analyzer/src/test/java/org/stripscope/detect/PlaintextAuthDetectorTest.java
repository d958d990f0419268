package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
