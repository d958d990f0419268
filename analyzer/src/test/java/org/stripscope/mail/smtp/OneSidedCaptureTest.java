package org.stripscope.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session whose capture holds one direction only says so when it closes, so that what could not
 * be judged (was STARTTLS offered? was AUTH accepted?) is counted rather than silently absent.
 */
class OneSidedCaptureTest {

    @Test
    void clientOnlySession_reportsServerDirectionNotCapturedBeforeClose() {
        List<String> events = SmtpReplay.of("""
                C: EHLO client.example.org<CRLF>
                C: MAIL FROM:<a@example.org><CRLF>
                C: QUIT<CRLF>
                """).expect(
                "Anomaly server-direction-not-captured @4",
                "Closed fin COMMAND @4");
        // 25 + 27 + 6 bytes from the client.
        assertTrue(events.stream().anyMatch(e -> e.contains("client 58 bytes, server none")),
                "evidence with the byte count");
    }

    @Test
    void serverOnlySession_reportsClientDirectionNotCapturedBeforeClose() {
        List<String> events = SmtpReplay.of("""
                S: 220 mx.example.net ESMTP<CRLF>
                S: 221 2.0.0 Bye<CRLF>
                """).expect(
                "Greeting 220 mx.example.net ESMTP @1",
                "Anomaly client-direction-not-captured @3",
                "Closed fin COMMAND @3");
        // 26 + 15 bytes from the server.
        assertTrue(events.stream().anyMatch(e -> e.contains("server 41 bytes, client none")),
                "evidence with the byte count");
    }

    @Test
    void serverDirectionWithOnlyLostBytes_countsAsNotCaptured() {
        SmtpReplay.of("""
                C: EHLO c<CRLF>
                S: <GAP:40>
                C: QUIT<CRLF>
                """).expect(
                "Gap server 40 @2",
                "Anomaly server-direction-not-captured @4",
                "Closed fin COMMAND @4");
    }

    @Test
    void clientOnlySessionInTls_stillReportsServerDirectionNotCaptured() {
        // Parsing has stopped in TLS; the note is about the capture, not the protocol.
        SmtpReplay.of("""
                C: EHLO c<CRLF>
                C: STARTTLS<CRLF>
                C: <HEX:16030102000100>
                """).expect(
                "StartTlsRequested STARTTLS\\r\\n @2",
                "TlsConfirmed client @3",
                "Anomaly server-direction-not-captured @4",
                "Closed fin TLS @4");
    }

    @Test
    void twoSidedSession_reportsNoMissingDirection() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Closed fin COMMAND @4");
    }

    @Test
    void sessionWithoutAnyBytes_reportsNoMissingDirection() {
        SmtpReplay.of("").expect("Closed fin COMMAND @1");
    }

    @Test
    void sessionWithOnlyGaps_reportsNoMissingDirection() {
        // Neither direction delivered a byte: nothing was captured to be one-sided.
        SmtpReplay.of("""
                C: <GAP:10>
                S: <GAP:20>
                """).expect(
                "Gap client 10 @1",
                "Gap server 20 @2",
                "Closed fin COMMAND @3");
    }
}
