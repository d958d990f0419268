package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.AuthAttempt.Credentials;
import org.stripscope.mail.event.AuthAttempt.Outcome;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.MessageTransfer;
import org.stripscope.mail.event.SessionOpened;
import org.stripscope.mail.event.TlsHandshakeFailed;

class TlsFallbackDetectorTest {

    private static final long SECOND = 1_000_000L;
    private static final long WINDOW = 300 * SECOND;

    private final List<Finding> findings = new ArrayList<>();
    private final TlsFallbackDetector fallback = new TlsFallbackDetector(WINDOW);
    private final Detection detection = new Detection(List.of(fallback), findings::add);

    private final SessionInfo implicitTls = Events.session(1, Protocol.SMTP, "192.0.2.10", "198.51.100.25", 465);
    private final SessionInfo submission = Events.session(2, Protocol.SMTP, "192.0.2.10", "198.51.100.25", 587);

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    private void failedAt(SessionInfo s, long seconds) {
        feed(new SessionOpened(s, 10, (seconds - 1) * SECOND),
                new TlsHandshakeFailed(s, 12, seconds * SECOND, "client-alert", 11, "client alert fatal 42"),
                Events.closed(s, 13));
    }

    private static AuthAttempt plainAuth(SessionInfo s, long frame, long micros, Credentials credentials, boolean inTls) {
        return new AuthAttempt(s, frame, micros, "PLAIN", "alice", credentials, Outcome.ACCEPTED, "235", frame,
                inTls, "AUTH PLAIN <redacted 20 bytes>\\r\\n");
    }

    @Test
    void plaintextCredentialsSoonAfterAFailedHandshake_areHighAndNameTheFailure() {
        failedAt(implicitTls, 10);
        feed(new SessionOpened(submission, 20, 18 * SECOND),
                plainAuth(submission, 25, 19 * SECOND, Credentials.CLEARTEXT_SECRET, false),
                new MessageTransfer(submission, 27, 20 * SECOND, "DATA", false, "DATA\\r\\n"));
        assertEquals(1, findings.size(), "one finding per session");
        Finding f = findings.get(0);
        assertEquals(FindingCode.TLS_FALLBACK, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(25, f.frame());
        assertEquals("the same client's session from port 40001 to port 465 of the same server (capture t.pcap) failed its TLS handshake"
                + " in frame 12 (client-alert: client alert fatal 42); 8.000 s later this session began on port 587"
                + " and sent credentials (PLAIN) in plaintext", f.detail());
    }

    @Test
    void plaintextMailAfterTheFailure_isReportedAtTheTransfer() {
        failedAt(implicitTls, 10);
        feed(new SessionOpened(submission, 20, 12 * SECOND),
                new MessageTransfer(submission, 27, 13 * SECOND, "DATA", false, "DATA\\r\\n"));
        assertEquals(27, findings.get(0).frame());
        assertTrue(findings.get(0).detail().endsWith("sent a message (DATA) in plaintext"), findings.get(0).detail());
    }

    /**
     * A session that failed says so when its connection ends: an RST is believed only after its
     * grace, so the failure can be reported after the fallback session's plaintext, even after
     * that session closed.
     */
    @Test
    void failureReportedAfterTheFallbackSessionsPlaintext_isStillMatchedToIt() {
        SessionInfo third = Events.session(3, Protocol.SMTP, "192.0.2.10", "198.51.100.25", 587);
        feed(new SessionOpened(implicitTls, 10, 9 * SECOND),
                new SessionOpened(submission, 20, 12 * SECOND),
                plainAuth(submission, 25, 13 * SECOND, Credentials.CLEARTEXT_SECRET, false),
                new MessageTransfer(submission, 27, 14 * SECOND, "DATA", false, "DATA\\r\\n"),
                Events.closed(submission, 28),
                new SessionOpened(third, 30, 400 * SECOND),
                plainAuth(third, 31, 401 * SECOND, Credentials.CLEARTEXT_SECRET, false));
        assertEquals(List.of(), findings, "no failure known yet");
        feed(new TlsHandshakeFailed(implicitTls, 12, 10 * SECOND, "reset", 11, ""), Events.closed(implicitTls, 40));
        assertEquals(1, findings.size(), "the session within the window, once; not the one 390 s later");
        assertEquals(25, findings.get(0).frame());
        assertEquals(submission, findings.get(0).session());
        assertTrue(findings.get(0).detail().contains("2.000 s later this session began on port 587"),
                findings.get(0).detail());
        feed(new TlsHandshakeFailed(implicitTls, 12, 10 * SECOND, "reset", 11, ""));
        assertEquals(1, findings.size(), "never twice");
    }

    @Test
    void sessionBeginningAfterTheWindow_isNoFallback() {
        failedAt(implicitTls, 10);
        feed(new SessionOpened(submission, 20, 311 * SECOND),
                plainAuth(submission, 25, 312 * SECOND, Credentials.CLEARTEXT_SECRET, false));
        assertEquals(List.of(), findings);
    }

    @Test
    void sessionThatBeganBeforeTheFailure_isNoFallback() {
        feed(new SessionOpened(submission, 2, 5 * SECOND));
        failedAt(implicitTls, 10);
        feed(plainAuth(submission, 25, 12 * SECOND, Credentials.CLEARTEXT_SECRET, false));
        assertEquals(List.of(), findings);
    }

    @Test
    void anotherClientOrProtocol_isNoFallback() {
        failedAt(implicitTls, 10);
        SessionInfo otherClient = Events.session(3, Protocol.SMTP, "192.0.2.99", "198.51.100.25", 587);
        SessionInfo imap = Events.session(4, Protocol.IMAP, "192.0.2.10", "198.51.100.25", 143);
        feed(new SessionOpened(otherClient, 20, 12 * SECOND),
                plainAuth(otherClient, 25, 13 * SECOND, Credentials.CLEARTEXT_SECRET, false),
                new SessionOpened(imap, 30, 12 * SECOND),
                plainAuth(imap, 35, 13 * SECOND, Credentials.CLEARTEXT_SECRET, false));
        assertEquals(List.of(), findings);
    }

    @Test
    void mailInsideTlsOrAuthWithoutCredentials_isNoFallback() {
        failedAt(implicitTls, 10);
        feed(new SessionOpened(submission, 20, 12 * SECOND),
                plainAuth(submission, 25, 13 * SECOND, Credentials.NONE, false),
                new MessageTransfer(submission, 27, 14 * SECOND, "DATA", true, "DATA\\r\\n"));
        assertEquals(List.of(), findings);
    }

    @Test
    void failuresBeyondTheLimit_evictTheOldest() {
        failedAt(implicitTls, 10);
        for (int i = 0; i < TlsFallbackDetector.MAX_FAILURES; i++) {
            SessionInfo s = Events.session(100 + i, Protocol.SMTP, "203.0.113." + (i % 250), "198.51.100." + (i / 250), 465);
            feed(new TlsHandshakeFailed(s, 12, 11 * SECOND, "rst", 11, ""));
        }
        assertEquals(1, fallback.failuresEvicted());
        feed(new SessionOpened(submission, 20, 12 * SECOND),
                plainAuth(submission, 25, 13 * SECOND, Credentials.CLEARTEXT_SECRET, false));
        assertEquals(List.of(), findings);
    }
}
