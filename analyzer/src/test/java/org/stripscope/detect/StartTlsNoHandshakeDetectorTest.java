package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.Gap;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.TlsConfirmed;
import org.stripscope.mail.event.TlsNotFollowed;

class StartTlsNoHandshakeDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(List.of(new StartTlsNoHandshakeDetector()), findings::add);
    private final SessionInfo smtp = Events.smtp(1, "192.0.2.10");

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    @Test
    void clientGoingOnInPlaintextAfterTheGoAhead_isHigh() {
        feed(Events.replied(smtp, 8, true, "220", "220 2.0.0 Ready to start TLS\\r\\n"),
                new TlsNotFollowed(smtp, 9, 0, true, "MAIL FROM:<a@example.org>\\r\\n"));
        Finding f = findings.get(0);
        assertEquals(FindingCode.STARTTLS_NO_HANDSHAKE, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(9, f.frame());
        assertEquals("STARTTLS accepted (220) in frame 8, the client went on in plaintext", f.detail());
    }

    @Test
    void serverAnsweringAClientHelloInPlaintext_isMediumAndBlamesTheGoAhead() {
        SessionInfo pop3 = Events.pop3(2);
        feed(Events.replied(pop3, 8, true, "+OK", "+OK begin TLS\\r\\n"),
                new TlsNotFollowed(pop3, 10, 0, false, "-ERR unknown command\\r\\n"));
        Finding f = findings.get(0);
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.detail().startsWith("STLS accepted (+OK) in frame 8 and the client began TLS, but the server answered in plaintext"),
                f.detail());
        assertTrue(f.detail().contains("the go-ahead probably did not come from the server"), f.detail());
    }

    @Test
    void plaintextServerAfterAGoAheadWithForeignTraits_isHigh() {
        feed(Events.replied(smtp, 8, true, "220", "220 go ahead\\r\\n", Events.traits(8, 255, 4103, "nop,nop,ts"),
                        Events.traits(4, 63, 4101, "nop,nop,ts")),
                new TlsNotFollowed(smtp, 10, 0, false, "502 5.5.2 Error\\r\\n"));
        assertEquals(Severity.HIGH, findings.get(0).severity());
        assertTrue(findings.get(0).detail().endsWith("the go-ahead looks injected: reply TTL 255, server's other packets TTL 63"),
                findings.get(0).detail());
    }

    @Test
    void plaintextWithoutAGoAheadInTheSession_isNotAStarttlsFinding() {
        // A plaintext greeting answering a ClientHello on port 465 is implicit-tls-plaintext.
        feed(new TlsNotFollowed(Events.session(3, org.stripscope.mail.Protocol.SMTP, "192.0.2.10", "198.51.100.25", 465),
                6, 0, false, "220 mx.example.net ESMTP\\r\\n"));
        assertEquals(List.of(), findings);
    }

    @Test
    void goAheadThenTheConnectionEnds_isLowAtTheGoAhead() {
        feed(Events.replied(smtp, 9, true, "220", "220 go ahead\\r\\n"),
                new SessionClosed(smtp, 12, 0, "fin", "TLS_GO_AHEAD"));
        Finding f = findings.get(0);
        assertEquals(Severity.LOW, f.severity());
        assertEquals(9, f.frame());
        assertEquals("STARTTLS accepted (220) here, but the connection ended (fin, frame 12) without any TLS record:"
                + " the upgrade is unverified", f.detail());
    }

    @Test
    void goAheadThenTheCaptureEnds_isLowAndSaysSo() {
        feed(Events.replied(smtp, 9, true, "220", "220 go ahead\\r\\n"),
                new SessionClosed(smtp, 12, 0, "end_of_capture", "TLS_GO_AHEAD"));
        assertEquals("STARTTLS accepted (220) here, but the capture ended (frame 12) without any TLS record:"
                + " the upgrade is unverified", findings.get(0).detail());
    }

    @Test
    void goAheadThenAnotherSessionOnTheSamePorts_isNothingToSay() {
        feed(Events.replied(smtp, 9, true, "220", "220 go ahead\\r\\n"),
                new SessionClosed(smtp, 12, 0, "port_reuse", "TLS_GO_AHEAD"));
        assertEquals(List.of(), findings);
    }

    @Test
    void goAheadThenLostBytesThenClose_provesNothing() {
        feed(Events.replied(smtp, 9, true, "220", "220 go ahead\\r\\n"),
                new Gap(smtp, 10, 0, true, 517),
                new SessionClosed(smtp, 12, 0, "rst", "TLS_GO_AHEAD"));
        assertEquals(List.of(), findings);
    }

    @Test
    void goAheadThenTlsThenClose_isNothing() {
        feed(Events.replied(smtp, 9, true, "220", "220 go ahead\\r\\n"),
                new TlsConfirmed(smtp, 10, 0, true),
                new SessionClosed(smtp, 30, 0, "fin", "TLS"));
        assertEquals(List.of(), findings);
    }
}
