package org.stripscope.mail.imap;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.Transcript;

/**
 * Transcript-driven tests of the IMAP session parser. Each transcript is replayed whole, byte by
 * byte and at every split point (see {@link ImapReplay}); frames are the transcript line numbers.
 */
class ImapSessionTest {

    /** A ClientHello-shaped record: handshake, TLS 1.0 record version, 4 bytes of body. */
    static final String CLIENT_HELLO = "<HEX:160301000401000000>";
    static final String SERVER_HELLO = "<HEX:160303000402000000>";
    static final String CLIENT_APP_DATA = "<HEX:17030300021122>";
    static final String SERVER_APP_DATA = "<HEX:17030300023344>";

    /** "\0alice\0wonderland": 17 bytes, so 24 base64 characters. */
    private static final String PLAIN_ALICE = b64("\0alice\0wonderland");

    private static String b64(String latin1) {
        return Base64.getEncoder().encodeToString(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertNowhere(List<String> events, String... secrets) {
        for (String event : events) {
            for (String secret : secrets) {
                assertFalse(event.contains(secret), "secret in event: " + event);
            }
        }
    }

    @Test
    void greetingWithCapabilityCode_reportsGreetingAndItsCapabilities() {
        ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot ready.<CRLF>
                C: a1 LOGOUT<CRLF>
                S: * BYE Logging out<CRLF>a1 OK Logout completed.<CRLF>
                """).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
                        + "STARTTLS AUTH=PLAIN] Dovecot ready. @1",
                "Capabilities null [IMAP4rev1, SASL-IR, LOGIN-REFERRALS, ID, ENABLE, IDLE, LITERAL+, "
                        + "STARTTLS, AUTH=PLAIN] first@1 @1",
                "Closed fin COMMAND @4");
    }

    @Test
    void capabilityThenStarttls_confirmedByClientHelloAndHandshakeCompletes() {
        ImapReplay.of("""
                S: * OK IMAP4rev2 server ready<CRLF>
                C: a001 CAPABILITY<CRLF>
                S: * CAPABILITY IMAP4rev2 STARTTLS LOGINDISABLED<CRLF>a001 OK CAPABILITY completed<CRLF>
                C: a002 starttls<CRLF>
                S: a002 OK Begin TLS negotiation now<CRLF>
                C: %s
                S: %s
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO, CLIENT_APP_DATA, SERVER_APP_DATA)).expect(
                "Greeting OK IMAP4rev2 server ready @1",
                "Capabilities CAPABILITY [IMAP4rev2, STARTTLS, LOGINDISABLED] first@3 @3",
                "StartTlsRequested a002 starttls\\r\\n @4",
                "StartTlsReplied OK accepted @5",
                "TlsConfirmed client @6",
                "Closed fin TLS @10");
    }

    @Test
    void tlsHandshakeEndedByServerAlert_reportsHandshakeFailure() {
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: . STARTTLS<CRLF>
                S: . OK Begin TLS negotiation now.<CRLF>
                C: %s
                S: <HEX:15030300020228>
                """.formatted(CLIENT_HELLO)).expect(
                "Greeting OK ready @1",
                "StartTlsRequested . STARTTLS\\r\\n @2",
                "StartTlsReplied OK accepted @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed server-alert server alert fatal 40 start@4 @5",
                "Closed fin TLS @6");
    }

    @Test
    void starttlsRefused_reportsRefusalAndParsesOn() {
        ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready<CRLF>
                C: t1 STARTTLS<CRLF>
                S: t1 NO [UNAVAILABLE] TLS not available right now<CRLF>
                C: t2 LOGIN joe secret<CRLF>
                S: t2 OK LOGIN completed<CRLF>
                """).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 STARTTLS] ready @1",
                "Capabilities null [IMAP4rev1, STARTTLS] first@1 @1",
                "StartTlsRequested t1 STARTTLS\\r\\n @2",
                "StartTlsReplied NO refused @3",
                "Auth LOGIN user=joe CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=t2 LOGIN joe <redacted 6 bytes>\\r\\n cmd@4 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void starttlsAcceptedButClientGoesOnInPlaintext_reportsTlsNotFollowed() {
        List<String> events = ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a STARTTLS<CRLF>
                S: a OK Begin TLS<CRLF>
                C: b LOGIN "joe" "s3cr3t"<CRLF>
                S: b OK [CAPABILITY IMAP4rev1 IDLE] Logged in<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "StartTlsRequested a STARTTLS\\r\\n @2",
                "StartTlsReplied OK accepted @3",
                "TlsNotFollowed client b LOGIN \"joe\" <redacted 6 bytes>\\r\\n @4",
                "Capabilities null [IMAP4rev1, IDLE] first@5 @5",
                "Auth LOGIN user=joe CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=b LOGIN \"joe\" <redacted 6 bytes>\\r\\n cmd@4 @4",
                "Closed fin COMMAND @6");
        assertNowhere(events, "s3cr3t");
    }

    @Test
    void commandPipelinedBehindStarttls_reportsClientPlaintextOnce() {
        List<String> events = ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a STARTTLS<CRLF>b LOGIN joe hunter2<CRLF>c NOOP<CRLF>
                S: a OK Begin TLS<CRLF>
                C: %s
                S: %s
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO, CLIENT_APP_DATA, SERVER_APP_DATA)).expect(
                "Greeting OK ready @1",
                "StartTlsRequested a STARTTLS\\r\\n @2",
                // "b LOGIN joe hunter2\r\n" (21) + "c NOOP\r\n" (8)
                "PlaintextAfterStartTls client 29 b LOGIN joe <redacted 7 bytes>\\r\\n @2",
                "StartTlsReplied OK accepted @3",
                "TlsConfirmed client @4",
                // b and c never get their completions in plaintext.
                "Auth LOGIN user=joe CLEARTEXT_SECRET UNKNOWN null "
                        + "ev=b LOGIN joe <redacted 7 bytes>\\r\\n cmd@2 @2",
                "Closed fin TLS @8");
        assertNowhere(events, "hunter2");
    }

    @Test
    void serverBytesAfterItsStarttlsOk_reportsServerPlaintextOnce() {
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a STARTTLS<CRLF>
                S: a OK Begin TLS<CRLF>* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected<CRLF>
                C: %s
                S: %s
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO, CLIENT_APP_DATA, SERVER_APP_DATA)).expect(
                "Greeting OK ready @1",
                "StartTlsRequested a STARTTLS\\r\\n @2",
                "StartTlsReplied OK accepted @3",
                "Capabilities null [IMAP4rev1, AUTH=PLAIN] first@3 @3",
                "TlsConfirmed client @4",
                // "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected" is 47 bytes, 49 with CRLF.
                "PlaintextAfterStartTls server 49 * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] "
                        + "injected\\r\\n @3",
                "Closed fin TLS @8");
    }

    @Test
    void loginWithQuotedStrings_decodesEscapesAndRedactsThePassword() {
        List<String> events = ImapReplay.of("""
                S: * OK ready<CRLF>
                C: A1 login "jo\\\"e" "pa ss\\\\"<CRLF>
                S: A1 OK LOGIN completed<CRLF>
                """).expect(
                "Greeting OK ready @1",
                // On the wire: "jo\"e" and "pa ss\\"; the password is 6 bytes once unescaped.
                "Auth LOGIN user=jo\"e CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=A1 login \"jo\\\\\"e\" <redacted 6 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(events, "pa ss");
    }

    @Test
    void loginWithSynchronizingLiterals_waitsForContinuationsAndReadsTheUser() {
        List<String> events = ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a LOGIN {5}<CRLF>
                S: + Ready for literal data<CRLF>
                C: alice {11}<CRLF>
                S: + go ahead<CRLF>
                C: wonder land<CRLF>
                S: a NO [AUTHENTICATIONFAILED] Authentication failed.<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "Auth LOGIN user=alice CLEARTEXT_SECRET REJECTED NO "
                        + "ev=a LOGIN {5}\\r\\nalice {11}\\r\\n<redacted 11 bytes>\\r\\n cmd@2 @6",
                "Closed fin COMMAND @8");
        assertNowhere(events, "wonder");
    }

    @Test
    void loginWithNonSynchronizingLiterals_readsThemWithoutContinuations() {
        List<String> events = ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready<CRLF>
                C: a LOGIN {5+}<CRLF>alice {11+}<CRLF>wonder land<CRLF>
                S: a OK Logged in<CRLF>
                """).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 LITERAL+] ready @1",
                "Capabilities null [IMAP4rev1, LITERAL+] first@1 @1",
                "Auth LOGIN user=alice CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=a LOGIN {5+}\\r\\nalice {11+}\\r\\n<redacted 11 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(events, "wonder");
    }

    @Test
    void loginRefusedBeforeItsPasswordLiteral_sendsNoLiteralAndReportsUserOnly() {
        // The server refuses at the second synchronizing literal: the client never sends it,
        // and its next line is a command again.
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a LOGIN bob {8}<CRLF>
                S: a NO [PRIVACYREQUIRED] LOGIN not allowed without TLS<CRLF>
                C: b STARTTLS<CRLF>
                S: b OK go<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).expect(
                "Greeting OK ready @1",
                "Auth LOGIN user=bob USERNAME_ONLY REJECTED NO ev=a LOGIN bob {8}\\r\\n cmd@2 @2",
                "StartTlsRequested b STARTTLS\\r\\n @4",
                "StartTlsReplied OK accepted @5",
                "TlsConfirmed client @6",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@6 @7",
                "Closed fin TLS @7");
    }

    @Test
    void authenticatePlainWithInitialResponse_decodesUserAndRedacts() {
        List<String> events = ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready<CRLF>
                C: a AUTHENTICATE PLAIN %s<CRLF>
                S: a OK [CAPABILITY IMAP4rev1 IDLE] Logged in<CRLF>
                C: b LOGOUT<CRLF>
                S: * BYE bye<CRLF>b OK done<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready @1",
                "Capabilities null [IMAP4rev1, SASL-IR, AUTH=PLAIN] first@1 @1",
                "Capabilities null [IMAP4rev1, IDLE] first@3 @3",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=a AUTHENTICATE PLAIN <redacted 24 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @6");
        assertNowhere(events, PLAIN_ALICE, "wonderland");
    }

    @Test
    void authenticatePlainAfterEmptyContinuation_takesTheNextLineAsResponse() {
        List<String> events = ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a authenticate plain<CRLF>
                S: + <CRLF>
                C: %s<CRLF>
                S: a OK Success<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting OK ready @1",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=a authenticate plain\\r\\n<redacted 24 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @6");
        assertNowhere(events, PLAIN_ALICE);
    }

    @Test
    void authenticateLogin_readsUserFromFirstResponseOnly() {
        List<String> events = ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a AUTHENTICATE LOGIN<CRLF>
                S: + VXNlcm5hbWU6<CRLF>
                C: %s<CRLF>
                S: + UGFzc3dvcmQ6<CRLF>
                C: %s<CRLF>
                S: a NO [AUTHENTICATIONFAILED] failed<CRLF>
                """.formatted(b64("carol"), b64("Tr0ub4dor&3"))).expect(
                "Greeting OK ready @1",
                "Auth LOGIN user=carol CLEARTEXT_SECRET REJECTED NO ev=a AUTHENTICATE LOGIN\\r\\n"
                        + "<redacted 8 bytes>\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @6",
                "Closed fin COMMAND @8");
        assertNowhere(events, b64("Tr0ub4dor&3"));
    }

    @Test
    void authenticateCancelled_reportsNoCredentials() {
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a AUTHENTICATE CRAM-MD5<CRLF>
                S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+<CRLF>
                C: *<CRLF>
                S: a BAD AUTHENTICATE cancelled<CRLF>
                C: b NOOP<CRLF>
                S: b OK NOOP completed<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "Auth CRAM-MD5 user=null NONE REJECTED BAD "
                        + "ev=a AUTHENTICATE CRAM-MD5\\r\\n*\\r\\n cmd@2 @2",
                "Closed fin COMMAND @8");
    }

    @Test
    void preauthGreeting_isReportedWithItsStatus() {
        ImapReplay.of("""
                S: * PREAUTH [CAPABILITY IMAP4rev2] IMAP4rev2 server logged in as Smith<CRLF>
                C: a SELECT INBOX<CRLF>
                S: * 18 EXISTS<CRLF>a OK [READ-WRITE] SELECT completed<CRLF>
                """).expect(
                "Greeting PREAUTH [CAPABILITY IMAP4rev2] IMAP4rev2 server logged in as Smith @1",
                "Capabilities null [IMAP4rev2] first@1 @1",
                "Closed fin COMMAND @4");
    }

    @Test
    void byeGreeting_isReportedAsGreeting() {
        ImapReplay.of("""
                S: * BYE Autologout; idle for too long<CRLF>
                """).expect(
                "Greeting BYE Autologout; idle for too long @1",
                "Anomaly client-direction-not-captured @2",
                "Closed fin COMMAND @2");
    }

    @Test
    void serverSideOnlyCapture_infersLoginFromItsCompletion() {
        ImapReplay.of("""
                S: * OK Coremail System IMap Server Ready(163com[20141201])<CRLF>
                S: * CAPABILITY IMAP4rev1 XLIST SPECIAL-USE ID LITERAL+ STARTTLS XAPPLEPUSHSERVICE UIDPLUS X-CM-EXT-1<CRLF>C1 OK CAPABILITY completed<CRLF>
                S: C2 OK ID completed<CRLF>
                S: C3 OK LOGIN completed<CRLF>
                S: * 3 EXISTS<CRLF>C4 OK [READ-WRITE] SELECT completed<CRLF>
                """).expect(
                "Greeting OK Coremail System IMap Server Ready(163com[20141201]) @1",
                "Capabilities CAPABILITY [IMAP4rev1, XLIST, SPECIAL-USE, ID, LITERAL+, STARTTLS, "
                        + "XAPPLEPUSHSERVICE, UIDPLUS, X-CM-EXT-1] first@2 @2",
                "Auth LOGIN user=null NOT_CAPTURED ACCEPTED OK ev=C3 OK LOGIN completed\\r\\n cmd@4 @4",
                "Anomaly client-direction-not-captured @6",
                "Closed fin COMMAND @6");
    }

    @Test
    void fetchLiteralHoldingLinesLikeCompletions_isSkippedAndReportedOnce() {
        // The message text holds "a2 OK ..." and "* CAPABILITY ... STARTTLS" lines: read as
        // responses they would complete the FETCH early and report capabilities.
        String message = "From: x@example.org<CRLF>Subject: test<CRLF><CRLF>"
                + "a2 OK fake completion<CRLF>* CAPABILITY IMAP4rev1 STARTTLS<CRLF>"
                + "a3 OK LOGIN completed<CRLF>";
        int size = Transcript.bytes(message).length;
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a1 LOGIN u p<CRLF>
                S: a1 OK done<CRLF>
                C: a2 FETCH 1:2 (FLAGS BODY[])<CRLF>
                S: * 1 FETCH (FLAGS (\\Seen) BODY[] {%d}<CRLF>%s)<CRLF>
                S: * 2 FETCH (FLAGS () BODY[] {0}<CRLF>)<CRLF>a2 OK FETCH completed<CRLF>
                C: a4 LOGOUT<CRLF>
                S: a4 OK bye<CRLF>
                """.formatted(size, message)).expect(
                "Greeting OK ready @1",
                "Auth LOGIN user=u CLEARTEXT_SECRET ACCEPTED OK ev=a1 LOGIN u <redacted 1 bytes>\\r\\n cmd@2 @2",
                "MessageTransfer FETCH * 1 FETCH (FLAGS (\\\\Seen) BODY[] {%d}\\r\\n @5".formatted(size),
                "Closed fin COMMAND @9");
    }

    @Test
    void maskedCommand_reportsItsShapeAndQueuesIt() {
        ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 XXXXXXXX AUTH=PLAIN] ready<CRLF>
                C: a1 XXXXXXXX<CRLF>
                S: a1 BAD Unknown command<CRLF>
                """).expect(
                "Greeting OK [CAPABILITY IMAP4rev1 XXXXXXXX AUTH=PLAIN] ready @1",
                "Capabilities null [IMAP4rev1, XXXXXXXX, AUTH=PLAIN] first@1 @1",
                "CommandMasked XXXXXXXX a1 XXXXXXXX\\r\\n @2",
                "Closed fin COMMAND @4");
    }

    @Test
    void implicitTlsPort_confirmedByClientHello() {
        ImapReplay.of("""
                C: %s
                S: %s
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO, CLIENT_APP_DATA, SERVER_APP_DATA))
                .implicitTls().expect(
                "TlsConfirmed client @1",
                "Closed fin TLS @5");
    }

    @Test
    void implicitTlsPortSpeakingPlaintext_reportsItAndParsesTheLogin() {
        List<String> events = ImapReplay.of("""
                S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready<CRLF>
                C: 1 LOGIN dave letmein<CRLF>
                S: 1 OK LOGIN completed<CRLF>
                """).implicitTls().expect(
                "ImplicitTlsPlaintext server * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\\r\\n @1",
                "Greeting OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready @1",
                "Capabilities null [IMAP4rev1, AUTH=PLAIN] first@1 @1",
                "Auth LOGIN user=dave CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=1 LOGIN dave <redacted 7 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(events, "letmein");
    }

    @Test
    void clientGap_resyncsAtTheNextLineAndLosesThatCommand() {
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a1 NOOP<CRLF>
                C: <GAP:10>
                C: LOGIN x y<CRLF>a3 CAPABILITY<CRLF>
                S: a1 OK NOOP<CRLF>a2 OK LOGIN completed<CRLF>* CAPABILITY IMAP4rev1<CRLF>a3 OK done<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "Gap client 10 @3",
                // a2's command was lost in the gap: its completion infers the login.
                "Auth LOGIN user=null NOT_CAPTURED ACCEPTED OK ev=a2 OK LOGIN completed\\r\\n cmd@5 @5",
                "Capabilities CAPABILITY [IMAP4rev1] afterGap first@5 @5",
                "Closed fin COMMAND @6");
    }

    @Test
    void idleAndDone_goBackToCommands() {
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a IDLE<CRLF>
                S: + idling<CRLF>
                S: * 4 EXISTS<CRLF>
                C: DONE<CRLF>
                S: a OK IDLE terminated<CRLF>
                C: b STARTTLS<CRLF>
                S: b NO not now<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "StartTlsRequested b STARTTLS\\r\\n @7",
                "StartTlsReplied NO refused @8",
                "Closed fin COMMAND @9");
    }

    @Test
    void appendWithLiteral_reportsTheTransferOnceTheBytesCome() {
        String message = "Subject: hi<CRLF><CRLF>a9 OK not a completion<CRLF>";
        int size = Transcript.bytes(message).length;
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a APPEND saved (\\Seen) {%d}<CRLF>
                S: + Ready<CRLF>
                C: %s<CRLF>
                S: a OK [APPENDUID 38505 3955] APPEND completed<CRLF>
                C: b APPEND {5}<CRLF>
                S: b NO [TRYCREATE] no such mailbox<CRLF>
                C: c NOOP<CRLF>
                S: c OK done<CRLF>
                """.formatted(size, message)).expect(
                "Greeting OK ready @1",
                "MessageTransfer APPEND a APPEND saved (\\\\Seen) {%d}\\r\\n @4".formatted(size),
                "Closed fin COMMAND @10");
    }

    @Test
    void completionsOutOfOrder_areMatchedByTag() {
        ImapReplay.of("""
                S: * OK ready<CRLF>
                C: a1 LOGIN u1 p1<CRLF>a2 NOOP<CRLF>a3 STARTTLS<CRLF>
                S: a2 OK NOOP<CRLF>a1 NO bad password<CRLF>a3 BAD not after pipelining<CRLF>
                """).expect(
                "Greeting OK ready @1",
                "StartTlsRequested a3 STARTTLS\\r\\n @2",
                "Auth LOGIN user=u1 CLEARTEXT_SECRET REJECTED NO ev=a1 LOGIN u1 <redacted 2 bytes>\\r\\n cmd@2 @2",
                "StartTlsReplied BAD refused @3",
                "Closed fin COMMAND @4");
    }
}
