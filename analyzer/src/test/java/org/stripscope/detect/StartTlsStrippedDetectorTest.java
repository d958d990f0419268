package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt.Credentials;
import org.stripscope.mail.event.AuthAttempt.Outcome;
import org.stripscope.mail.event.MailEvent;

class StartTlsStrippedDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final ServerProfiles servers = new ServerProfiles();
    private final StartTlsStrippedDetector stripped = new StartTlsStrippedDetector(servers);
    private final Detection detection = new Detection(List.of(servers, stripped), findings::add);

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    /** A whole SMTP session: greeting, one EHLO reply, close. */
    private void smtpSession(SessionInfo s, long frame, String host, String... keywords) {
        feed(Events.opened(s, frame), Events.greeting(s, frame + 1, "220", host + " ESMTP"),
                Events.caps(s, frame + 3, "EHLO", keywords), Events.closed(s, frame + 9));
    }

    @Test
    void ehloWithoutStarttlsAfterEarlierOffer_reportsStrippingAtTheClose() {
        SessionInfo first = Events.smtp(1, "192.0.2.10");
        SessionInfo second = Events.smtp(2, "192.0.2.10");
        smtpSession(first, 1, "mx.example.net", "PIPELINING", "STARTTLS", "8BITMIME");
        smtpSession(second, 20, "mx.example.net", "PIPELINING", "8BITMIME");
        assertEquals(1, findings.size(), "reported before the end of input, as a live capture needs");
        Finding f = findings.get(0);
        assertEquals(FindingCode.STARTTLS_STRIPPED, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(2, f.session().id());
        assertEquals(23, f.frame());
        assertTrue(f.detail().contains("EHLO reply lacks STARTTLS"), f.detail());
        assertTrue(f.detail().contains("198.51.100.25:25 smtp, greeting host mx.example.net"), f.detail());
        assertTrue(f.detail().contains("the same client in the session from port 40001 (capture t.pcap, frame 4)"), f.detail());
        detection.finish();
        assertEquals(1, findings.size());
    }

    @Test
    void sessionWithAMaskedBanner_isComparedWithTheNamedServerAtTheSameAddress() {
        // A firewall that masks the banner hides the host name: the session can't be told
        // apart from the named server at that address and port, so it is compared with it.
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx.example.net", "PIPELINING", "STARTTLS");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "****************", "PIPELINING");
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).detail().contains("in the session from port 40001"), findings.get(0).detail());
    }

    @Test
    void twoNamedServersAtOneAddress_areNotComparedWithEachOther() {
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx1.example.net", "STARTTLS");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "mx2.example.net", "PIPELINING");
        detection.finish();
        assertEquals(List.of(), findings);
    }

    @Test
    void severalOffers_theMostRecentIsCited() {
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx.example.net", "STARTTLS");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "mx.example.net", "STARTTLS");
        smtpSession(Events.smtp(3, "192.0.2.10"), 40, "mx.example.net", "PIPELINING");
        assertTrue(findings.get(0).detail().contains("in the session from port 40002 (capture t.pcap, frame 23)"),
                findings.get(0).detail());
    }

    @Test
    void strippedSessionBeforeTheOffer_isReportedAtTheEndOfInput() {
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx.example.net", "PIPELINING");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "mx.example.net", "PIPELINING", "STARTTLS");
        assertEquals(List.of(), findings);
        detection.finish();
        assertEquals(1, findings.size());
        assertEquals(1, findings.get(0).session().id());
        assertTrue(findings.get(0).detail().contains("in the session from port 40002 (capture t.pcap, frame 23)"), findings.get(0).detail());
    }

    @Test
    void serverNeverOfferingStarttls_givesNoFinding() {
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx.example.net", "PIPELINING");
        smtpSession(Events.smtp(2, "192.0.2.11"), 20, "mx.example.net", "PIPELINING", "8BITMIME");
        detection.finish();
        assertEquals(List.of(), findings);
    }

    @Test
    void offerSeenOnlyByAnotherClient_isMediumAndSaysServersMayOfferPerClient() {
        smtpSession(Events.smtp(1, "192.0.2.77"), 1, "mx.example.net", "STARTTLS");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "mx.example.net", "PIPELINING");
        Finding f = findings.get(0);
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.detail().contains("client 192.0.2.77 in the session from port 40001"), f.detail());
        assertTrue(f.detail().contains("per client address"), f.detail());
    }

    @Test
    void anotherGreetingHostBehindTheSameAddress_isAnotherServer() {
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx1.example.net", "STARTTLS");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "mx2.example.net", "PIPELINING");
        detection.finish();
        assertEquals(List.of(), findings);
    }

    @Test
    void maskedStarttls_isLeftToTheMangledDetector() {
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx.example.net", "STARTTLS");
        smtpSession(Events.smtp(2, "192.0.2.10"), 20, "mx.example.net", "XXXXXXXA");
        detection.finish();
        assertEquals(List.of(), findings);
    }

    @Test
    void listAfterAGap_doesNotCount() {
        SessionInfo s = Events.smtp(2, "192.0.2.10");
        smtpSession(Events.smtp(1, "192.0.2.10"), 1, "mx.example.net", "STARTTLS");
        feed(Events.greeting(s, 21, "220", "mx.example.net"), Events.caps(s, 23, "EHLO", true, "PIPELINING"),
                Events.closed(s, 30));
        detection.finish();
        assertEquals(List.of(), findings);
    }

    @Test
    void imapPostLoginListWithoutStarttls_givesNoFinding() {
        SessionInfo offered = Events.imap(1);
        SessionInfo loggedIn = Events.imap(2);
        feed(Events.greeting(offered, 2, "OK", "[CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready"),
                Events.caps(offered, 2, null, "IMAP4rev1", "STARTTLS", "LOGINDISABLED"), Events.closed(offered, 9));
        // The client logged in without asking first; the server's list after login rightly lacks STARTTLS.
        feed(Events.greeting(loggedIn, 12, "OK", "ready"),
                Events.auth(loggedIn, 14, "LOGIN", Credentials.CLEARTEXT_SECRET, Outcome.ACCEPTED, "a1 LOGIN alice <redacted 6 bytes>"),
                Events.caps(loggedIn, 16, "CAPABILITY", "IMAP4rev1", "IDLE"), Events.closed(loggedIn, 20));
        detection.finish();
        assertEquals(List.of(), findings);
    }

    @Test
    void imapListInTheLoginReplyCode_doesNotCountEvenWhenReportedBeforeTheLogin() {
        SessionInfo offered = Events.imap(1);
        SessionInfo loggedIn = Events.imap(2);
        feed(Events.greeting(offered, 2, "OK", "[CAPABILITY IMAP4rev1 STARTTLS] ready"),
                Events.caps(offered, 2, null, "IMAP4rev1", "STARTTLS"), Events.closed(offered, 9));
        feed(Events.greeting(loggedIn, 12, "OK", "ready"),
                Events.caps(loggedIn, 14, null, "IMAP4rev1", "IDLE"), Events.closed(loggedIn, 20));
        detection.finish();
        assertEquals(List.of(), findings);
    }

    @Test
    void imapCapabilityReplyWithoutStarttlsBeforeLogin_isStripped() {
        SessionInfo offered = Events.imap(1);
        SessionInfo stripped = Events.imap(2);
        feed(Events.greeting(offered, 2, "OK", "ready"),
                Events.caps(offered, 4, "CAPABILITY", "IMAP4rev1", "STARTTLS"), Events.closed(offered, 9));
        feed(Events.greeting(stripped, 12, "OK", "ready"),
                Events.caps(stripped, 14, "CAPABILITY", "IMAP4rev1"), Events.closed(stripped, 20));
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).detail().startsWith("CAPABILITY reply lacks STARTTLS"), findings.get(0).detail());
    }

    @Test
    void pop3CapaWithoutStls_isStrippedAndNamesStls() {
        SessionInfo offered = Events.pop3(1);
        SessionInfo stripped = Events.pop3(2);
        feed(Events.greeting(offered, 2, "+OK", "POP3 ready"),
                Events.caps(offered, 4, "CAPA", "USER", "STLS", "UIDL"), Events.closed(offered, 9));
        feed(Events.greeting(stripped, 12, "+OK", "POP3 ready"),
                Events.caps(stripped, 14, "CAPA", "USER", "UIDL"), Events.closed(stripped, 20));
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).detail().startsWith("CAPA reply lacks STLS"), findings.get(0).detail());
    }

    @Test
    void waitingSessionsPerServerAreBounded_andTheRestCounted() {
        int n = StartTlsStrippedDetector.MAX_PENDING_PER_SERVER + 3;
        for (int i = 1; i <= n; i++) {
            smtpSession(Events.smtp(i, "192.0.2.10"), 10L * i, "mx.example.net", "PIPELINING");
        }
        smtpSession(Events.smtp(n + 1, "192.0.2.10"), 10L * (n + 1), "mx.example.net", "STARTTLS");
        detection.finish();
        assertEquals(StartTlsStrippedDetector.MAX_PENDING_PER_SERVER, findings.size());
        assertEquals(3, stripped.pendingDropped());
        assertEquals(1, findings.get(0).session().id(), "findings at the end come in session order");
    }

    @Test
    void imapGreetingListReportedBeforeTheGreetingEvent_stillSpeaksForTheServer() {
        SessionInfo offered = Events.imap(1);
        SessionInfo stripped = Events.imap(2);
        feed(Events.caps(offered, 2, null, "IMAP4rev1", "STARTTLS"), Events.greeting(offered, 2, "OK", "[CAPABILITY IMAP4rev1 STARTTLS] ready"),
                Events.closed(offered, 9),
                Events.caps(stripped, 12, null, "IMAP4rev1"), Events.greeting(stripped, 12, "OK", "[CAPABILITY IMAP4rev1] ready"),
                Events.closed(stripped, 20));
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).detail().startsWith("greeting capability list lacks STARTTLS"), findings.get(0).detail());
    }

    @Test
    void imapPreauthGreeting_makesNoListSpeakForTheServer() {
        SessionInfo offered = Events.imap(1);
        SessionInfo preauth = Events.imap(2);
        feed(Events.greeting(offered, 2, "OK", "ready"), Events.caps(offered, 4, "CAPABILITY", "IMAP4rev1", "STARTTLS"),
                Events.closed(offered, 9),
                Events.greeting(preauth, 12, "PREAUTH", "welcome"), Events.caps(preauth, 14, "CAPABILITY", "IMAP4rev1"),
                Events.closed(preauth, 20));
        detection.finish();
        assertEquals(List.of(), findings);
    }
}
