package org.stripscope.mail.imap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transcripts of captures that are cut, one-sided or begin mid-session, and of the parser's
 * limits; each replayed whole, byte by byte and at every split point (see {@link ImapReplay}).
 */
class ImapEdgeCaseTest {

    private static final String CLIENT_HELLO = ImapSessionTest.CLIENT_HELLO;

    @Test
    void serverGapInsideFetchLiteral_shortensTheLiteralAndKeepsTheCompletion() {
        // 40 literal bytes: 10 before the gap, 10 lost, 20 after; then ")" ends the response.
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a FETCH 1 BODY[]<CRLF>
                S: * 1 FETCH (BODY[] {40}<CRLF>0123456789
                S: <GAP:10>
                S: a OK looks done<CRLF>0123456789)<CRLF>a OK FETCH completed<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "MessageTransfer FETCH * 1 FETCH (BODY[] {40}\\r\\n @3",
                "Gap server 10 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void clientOnlyCapture_startsTlsWithoutSeeingTheGoAhead() {
        ImapReplay.of("""
                C: a1 CAPABILITY<CRLF>
                C: a2 STARTTLS<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).expect(
                "StartTlsRequested a2 STARTTLS\\r\\n @2",
                "TlsConfirmed client @3",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@3 @4",
                "Anomaly server-direction-not-captured @4",
                "Closed fin TLS @4");
    }

    @Test
    void clientOnlyCaptureWithPipelinedLogin_reportsItBehindStarttlsAndUnanswered() {
        ImapReplay.of("""
                C: a1 STARTTLS<CRLF>a2 LOGIN eve pw<CRLF>
                C: a3 LOGOUT<CRLF>
                """).expect(
                "StartTlsRequested a1 STARTTLS\\r\\n @1",
                // With no server visible, only the first command after STARTTLS counts.
                "PlaintextAfterStartTls client 17 a2 LOGIN eve <redacted 2 bytes>\\r\\n @1",
                "Auth LOGIN user=eve CLEARTEXT_SECRET UNKNOWN null "
                        + "ev=a2 LOGIN eve <redacted 2 bytes>\\r\\n cmd@1 @1",
                "Anomaly server-direction-not-captured @3",
                "Closed fin COMMAND @3");
    }

    @Test
    void midSessionCaptureInsideAFetchLiteral_skipsTheTextUntilAResponse() {
        // The capture begins inside a message body: its lines are neither responses nor
        // anomalies; the first real response syncs the parser.
        ImapReplay.of("""
                S: lorem ipsum dolor<CRLF>sit amet<CRLF>
                S: )<CRLF>a7 OK FETCH completed<CRLF>
                C: Subject: hello<CRLF>a8 LOGIN zed pw<CRLF>
                S: a8 OK Logged in<CRLF>
                """).midSession().expect(
                // ")" is malformed and ignored; a7 answers a command from before the capture.
                "Auth LOGIN user=zed CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=a8 LOGIN zed <redacted 2 bytes>\\r\\n cmd@3 @3",
                "Closed fin COMMAND @5");
    }

    /** Dropping the oldest of a long pipeline is a limit, not an anomaly that spends the budget (3 here). */
    @Test
    void pipelineFarBeyondTheQueueAndTheAnomalyBudget_stillLetsTheLoginBeRead() {
        ImapLimits limits = new ImapLimits(64, 2, 8, 1 << 20, 64, 64, 16, 3);
        List<String> events = ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a1 NOOP<CRLF>a2 NOOP<CRLF>a3 NOOP<CRLF>a4 NOOP<CRLF>a5 NOOP<CRLF>a6 NOOP<CRLF>a7 NOOP<CRLF>
                S: a6 OK done<CRLF>a7 OK done<CRLF>
                C: b1 LOGIN alice secret<CRLF>
                S: b1 OK Logged in<CRLF>
                """).limits(limits).expect(
                "Greeting OK ready @1",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Auth LOGIN user=alice CLEARTEXT_SECRET ACCEPTED OK ev=b1 LOGIN alice <redacted 6 bytes>\\r\\n cmd@4 @4",
                "Closed fin COMMAND @6");
        assertTrue(events.stream().noneMatch(e -> e.contains("parser-gave-up")), events.toString());
    }

    @Test
    void tooManyPendingCommands_dropsTheOldestWithAnAnomaly() {
        ImapLimits limits = new ImapLimits(64, 2, 8, 1 << 20, 64, 64, 16, 100);
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a1 LOGIN u p<CRLF>a2 NOOP<CRLF>a3 NOOP<CRLF>
                S: a2 OK done<CRLF>a3 OK done<CRLF>a1 OK late<CRLF>
                """).limits(limits).expect(
                "Greeting OK ready @1",
                "Anomaly pending-queue-overflow @2",
                "Auth LOGIN user=u CLEARTEXT_SECRET UNKNOWN null "
                        + "ev=a1 LOGIN u <redacted 1 bytes>\\r\\n cmd@2 @2",
                "Anomaly reply-without-command @3",
                "Closed fin COMMAND @4");
    }

    @Test
    void overlongLineAndTagAndLiteral_areCountedAnomalies() {
        ImapLimits limits = new ImapLimits(64, 8, 8, 1000, 64, 64, 2, 100);
        ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready<CRLF>
                C: a-very-long-tag NOOP<CRLF>
                C: b SEARCH TEXT "0123456789012345678901234567890123456789012345678901234567890123456789"<CRLF>
                C: c APPEND INBOX {1001}<CRLF>
                C: d NOOP<CRLF>
                S: d OK done<CRLF>
                """).limits(limits).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready @1",
                "Anomaly too-many-capabilities @1",
                "Capabilities null [IMAP4rev1, STARTTLS] first@1 @1",
                "Anomaly tag-too-long @2",
                "Anomaly line-too-long @3",
                "Anomaly literal-too-large @4",
                // Unanswered: the server completed only d.
                "Closed fin COMMAND @7");
    }

    @Test
    void tooManyAnomalies_makeTheParserGiveUp() {
        ImapLimits limits = new ImapLimits(64, 8, 8, 1000, 64, 64, 16, 2);
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a NOOP<CRLF>
                C: garbage<CRLF>
                C: more-garbage<CRLF>
                C: b LOGIN u p<CRLF>
                """).limits(limits).expect(
                "Greeting OK ready @1",
                "Anomaly bad-command-line @3",
                "Anomaly bad-command-line @4",
                "Anomaly parser-gave-up @4",
                "Closed fin GAVE_UP @6");
    }

    @Test
    void appendWithMailboxLiteralAndMultiappend_reportsEachMessageOnce() {
        // The first literal is the mailbox name; then two messages (RFC 3502 MULTIAPPEND).
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a APPEND {5+}<CRLF>Drafts (\\Draft) {3+}<CRLF>one (\\Seen) {3+}<CRLF>two<CRLF>
                S: a OK [APPENDUID 1 7:8] APPEND completed<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "MessageTransfer APPEND a APPEND {5+}\\r\\n @2",
                "MessageTransfer APPEND a APPEND {5+}\\r\\n @2",
                "Closed fin COMMAND @4");
    }

    @Test
    void authenticateWithGapInResponses_takesLaterDataAsTheSecret() {
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a AUTHENTICATE LOGIN<CRLF>
                S: + VXNlcm5hbWU6<CRLF>
                C: <GAP:10>
                C: c2VjcmV0<CRLF>
                S: + UGFzc3dvcmQ6<CRLF>
                C: c2VjcmV0<CRLF>
                S: a OK done<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "Gap client 10 @4",
                "Auth LOGIN user=null CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=a AUTHENTICATE LOGIN\\r\\n<redacted 8 bytes>\\r\\n cmd@2 @7",
                "Closed fin COMMAND @9");
    }

    @Test
    void gapInsideLoginUserLiteral_keepsThePasswordButNotTheUser() {
        // The 12-byte user literal loses 4 bytes in the gap; the 8 around it still arrive.
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a LOGIN {12+}<CRLF>user
                C: <GAP:4>
                C: name {6+}<CRLF>secret<CRLF>
                S: a OK LOGIN completed<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "Gap client 4 @3",
                "Auth LOGIN user=null CLEARTEXT_SECRET ACCEPTED OK ev=a LOGIN {12+}\\r\\n"
                        + "<12 bytes, some lost> {6+}\\r\\n<redacted 6 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void xoauth2InitialResponse_readsTheUserAndHidesTheToken() {
        String token = java.util.Base64.getEncoder().encodeToString(
                "user=frank@example.org\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\u0001\u0001"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        java.util.List<String> events = ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] ready<CRLF>
                C: a AUTHENTICATE XOAUTH2 %s<CRLF>
                S: a OK Success<CRLF>
                """.formatted(token)).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] ready @1",
                "Capabilities null [IMAP4rev1, AUTH=XOAUTH2, SASL-IR] first@1 @1",
                "Auth XOAUTH2 user=frank@example.org CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=a AUTHENTICATE XOAUTH2 <redacted " + token.length() + " bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        for (String e : events) {
            org.junit.jupiter.api.Assertions.assertFalse(e.contains("ya29"), e);
            org.junit.jupiter.api.Assertions.assertFalse(e.contains(token), e);
        }
    }

    @Test
    void compressAccepted_stopsReadingTheDeflateStreams() {
        // After "OK DEFLATE active" both sides send raw DEFLATE data; read as lines it would be
        // a stream of bad lines.
        ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready<CRLF>
                C: a COMPRESS DEFLATE<CRLF>
                S: a OK DEFLATE active<CRLF><HEX:f2f7f40c0a>
                C: <HEX:72740c0e0d0a0a0d>
                S: <HEX:0a0d0a0d00ff>
                """).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] ready @1",
                "Capabilities null [IMAP4rev1, COMPRESS=DEFLATE] first@1 @1",
                "Closed fin COMPRESSED @6");
    }

    @Test
    void serverOnlyStarttls_isConfirmedByTheServerHello() {
        ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready<CRLF>
                S: s1 OK Begin TLS negotiation now<CRLF>
                S: %s
                """.formatted(ImapSessionTest.SERVER_HELLO)).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 STARTTLS] ready @1",
                "Capabilities null [IMAP4rev1, STARTTLS] first@1 @1",
                "TlsConfirmed server @3",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@3 @4",
                "Anomaly client-direction-not-captured @4",
                "Closed fin TLS @4");
    }
}
