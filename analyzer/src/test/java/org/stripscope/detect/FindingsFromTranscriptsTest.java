package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.Transcript;
import org.stripscope.mail.event.SessionOpened;
import org.stripscope.mail.imap.ImapSession;
import org.stripscope.mail.pop3.Pop3Session;
import org.stripscope.mail.smtp.SmtpLimits;
import org.stripscope.mail.smtp.SmtpSession;
import org.stripscope.tcp.CloseReason;
import org.stripscope.tcp.StreamListener;

/**
 * Every finding code from protocol text: a transcript goes through the real session parser of
 * its protocol and the full detector set, and the codes that come out are exactly the expected
 * ones. The detectors' own tests work from hand-made events; this shows the parsers give them
 * those events.
 */
class FindingsFromTranscriptsTest {

    private static final String CLIENT_HELLO = "<HEX:16030100050100000100>";
    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(Detection.allDetectors(), findings::add);
    private long nextId = 1;
    private long clock = 1_700_000_000_000_000L;

    /** Replays one connection, one segment per transcript line, frames numbered from 1. */
    private void session(Protocol protocol, int port, String transcript) {
        SessionInfo info = new SessionInfo("t.pcap", nextId, protocol, "192.0.2.10", 40000 + (int) nextId,
                "198.51.100.25", port, true);
        nextId++;
        boolean implicitTls = port == 465 || port == 993 || port == 995;
        StreamListener session = switch (protocol) {
            case SMTP -> new SmtpSession(info, detection, SmtpLimits.defaults(), implicitTls);
            case IMAP -> new ImapSession(info, detection, implicitTls);
            case POP3 -> new Pop3Session(info, detection, implicitTls);
        };
        detection.accept(new SessionOpened(info, 1, clock));
        long frame = 1;
        for (Transcript.Segment s : Transcript.parse(transcript)) {
            frame++;
            clock += 1000;
            session.onData(s.fromClient(), s.data(), 0, s.data().length, frame, clock);
        }
        clock += 1000;
        session.onClose(CloseReason.FIN, frame + 1, clock);
    }

    private List<String> codes() {
        detection.finish();
        return findings.stream().map(f -> f.code().code() + "@" + f.frame()).toList();
    }

    @Test
    void starttlsMangled_smtpAsaMask() {
        session(Protocol.SMTP, 25, """
                S: 220 mx.example.net ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx.example.net<CRLF>250-PIPELINING<CRLF>250-XXXXXXXA<CRLF>250 8BITMIME<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """);
        assertEquals(List.of("starttls-mangled@4"), codes());
    }

    @Test
    void starttlsMangled_imapGreetingCapability() {
        session(Protocol.IMAP, 143, """
                S: * OK [CAPABILITY IMAP4rev1 XXXXXXXX AUTH=PLAIN] ready<CRLF>
                C: a1 LOGOUT<CRLF>
                S: * BYE<CRLF>a1 OK bye<CRLF>
                """);
        assertEquals(List.of("starttls-mangled@2"), codes());
    }

    @Test
    void starttlsStripped_pop3CapaWithoutStlsAfterAnOffer() {
        String capa = """
                S: +OK ready<CRLF>
                C: CAPA<CRLF>
                S: +OK<CRLF>USER<CRLF>%sTOP<CRLF>.<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """;
        session(Protocol.POP3, 110, capa.formatted("STLS<CRLF>"));
        session(Protocol.POP3, 110, capa.formatted(""));
        assertEquals(List.of("starttls-stripped@4"), codes());
    }

    @Test
    void starttlsCommandMangled_smtpMaskedVerb() {
        session(Protocol.SMTP, 25, """
                S: 220 mx.example.net ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx.example.net<CRLF>250 STARTTLS<CRLF>
                C: XXXXXXXX<CRLF>
                S: 500 5.5.2 Error: command not recognized<CRLF>
                """);
        assertEquals(List.of("starttls-command-mangled@5"), codes());
    }

    @Test
    void starttlsRejected_imapNo() {
        session(Protocol.IMAP, 143, """
                S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready<CRLF>
                C: a1 STARTTLS<CRLF>
                S: a1 NO TLS not available<CRLF>
                C: a2 LOGOUT<CRLF>
                S: * BYE<CRLF>a2 OK bye<CRLF>
                """);
        assertEquals(List.of("starttls-rejected@4"), codes());
    }

    @Test
    void starttlsNoHandshake_pop3PlaintextAfterTheGoAhead() {
        session(Protocol.POP3, 110, """
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK Begin TLS negotiation<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """);
        assertEquals(List.of("starttls-no-handshake@5"), codes());
    }

    @Test
    void starttlsInjection_smtpCommandPipelinedBehindStarttls() {
        session(Protocol.SMTP, 25, """
                S: 220 mx.example.net ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx.example.net<CRLF>250 STARTTLS<CRLF>
                C: STARTTLS<CRLF>RSET<CRLF>
                S: 220 2.0.0 Ready to start TLS<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO));
        assertEquals(List.of("starttls-injection@5"), codes());
    }

    @Test
    void plaintextAuth_imapLogin() {
        session(Protocol.IMAP, 143, """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready<CRLF>
                C: a1 LOGIN alice "wonderland"<CRLF>
                S: a1 OK Logged in<CRLF>
                """);
        assertEquals(List.of("plaintext-auth@3"), codes());
        assertEquals(Severity.HIGH, findings.get(0).severity());
    }

    @Test
    void bannerMasked_smtpAsteriskGreeting() {
        session(Protocol.SMTP, 25, """
                S: 220 ******************************2*0*0******<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """);
        assertEquals(List.of("banner-masked@2"), codes());
    }

    @Test
    void implicitTlsPlaintext_pop3On995() {
        session(Protocol.POP3, 995, """
                S: +OK ready<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """);
        assertEquals(List.of("implicit-tls-plaintext@2"), codes());
    }

    @Test
    void tlsFallback_smtpHandshakeAlertThenPlaintextMail() {
        session(Protocol.SMTP, 25, """
                S: 220 mx.example.net ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx.example.net<CRLF>250 STARTTLS<CRLF>
                C: STARTTLS<CRLF>
                S: 220 2.0.0 Ready to start TLS<CRLF>
                C: %s
                S: <HEX:15030300020228>
                """.formatted(CLIENT_HELLO));
        session(Protocol.SMTP, 25, """
                S: 220 mx.example.net ESMTP<CRLF>
                C: HELO c<CRLF>
                S: 250 mx.example.net<CRLF>
                C: MAIL FROM:<a@example.org><CRLF>
                S: 250 ok<CRLF>
                C: RCPT TO:<b@example.net><CRLF>
                S: 250 ok<CRLF>
                C: DATA<CRLF>
                S: 354 go ahead<CRLF>
                C: Subject: x<CRLF><CRLF>hi<CRLF>.<CRLF>
                S: 250 queued<CRLF>
                """);
        assertEquals(List.of("tls-fallback@9"), codes());
    }
}
