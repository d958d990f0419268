package org.stripscope.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.tcp.CloseReason;

/**
 * Transcript-driven tests of the POP3 session parser. Each transcript is replayed whole, byte by
 * byte and at every split point (see {@link Pop3Replay}); frames are the transcript line numbers.
 */
class Pop3SessionTest {

    /** "\0alice\0wonderland": 17 bytes, so 24 base64 characters. */
    private static final String PLAIN_ALICE = b64("\0alice\0wonderland");
    /** "bob": 4 base64 characters. */
    private static final String LOGIN_USER = b64("bob");
    /** "Tr0ub4dor&3": 11 bytes, so 16 base64 characters. */
    private static final String LOGIN_PASSWORD = b64("Tr0ub4dor&3");
    /** A TLS 1.0 record header and a 5-byte handshake body: a minimal ClientHello record. */
    private static final String CLIENT_HELLO = "<HEX:16030100050100000100>";
    private static final String SERVER_HELLO = "<HEX:16030300050200000100>";
    /** An application-data record of two bytes. */
    private static final String APP_DATA = "<HEX:170303000201ff>";

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

    // ---- greeting and capabilities ----

    @Test
    void greetingWithApopTimestamp_isReportedWithItsText() {
        Pop3Replay.of("""
                S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us><CRLF>
                C: QUIT<CRLF>
                S: +OK dewey POP3 server signing off<CRLF>
                """).expect(
                "Greeting +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us> @1",
                "Closed fin COMMAND @4");
    }

    @Test
    void errGreeting_isAGreetingToo() {
        Pop3Replay.of("""
                S: -ERR too many connections<CRLF>
                C: QUIT<CRLF>
                """).expect(
                "Greeting -ERR too many connections @1",
                "Closed fin COMMAND @3");
    }

    @Test
    void capaWithStls_listsTheFirstTokenOfEachLine() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: CAPA<CRLF>
                S: +OK Capability list follows<CRLF>TOP<CRLF>USER<CRLF>SASL PLAIN LOGIN<CRLF>STLS<CRLF>PIPELINING<CRLF>.<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Capabilities CAPA [TOP, USER, SASL, STLS, PIPELINING] "
                        + "lines=[TOP, USER, SASL PLAIN LOGIN, STLS, PIPELINING] first@3 @3",
                "Closed fin COMMAND @6");
    }

    @Test
    void capaSpreadOverFrames_unstuffsDotsAndStampsEachLine() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: CAPA<CRLF>
                S: +OK<CRLF>TOP<CRLF>..X-ODD<CRLF>
                S: STLS<CRLF>.<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Capabilities CAPA [TOP, .X-ODD, STLS] lines=[TOP, .X-ODD, STLS] first@3 "
                        + "lines@[3, 3, 4] @4",
                "Closed fin COMMAND @5");
    }

    @Test
    void capaRefused_reportsNoCapabilities() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: CAPA<CRLF>
                S: -ERR unknown command<CRLF>
                C: USER x<CRLF>
                S: +OK<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth USER user=x USERNAME_ONLY UNKNOWN null ev=USER x\\r\\n cmd@4 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void capaListWithMaskedStls_keepsTheMaskedKeyword_andMaskedCommandIsReported() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: CAPA<CRLF>
                S: +OK<CRLF>USER<CRLF>XXXX<CRLF>.<CRLF>
                C: XXXX<CRLF>
                S: -ERR unknown command<CRLF>
                C: QUIT<CRLF>
                S: +OK<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Capabilities CAPA [USER, XXXX] lines=[USER, XXXX] first@3 @3",
                "CommandMasked XXXX XXXX\\r\\n @4",
                "Closed fin COMMAND @8");
    }

    // ---- STLS ----

    @Test
    void stlsAcceptedThenTls_confirmedByClientHello() {
        Pop3Replay.of("""
                S: +OK Dovecot ready.<CRLF>
                C: STLS<CRLF>
                S: +OK Begin TLS negotiation now.<CRLF>
                C: %s
                S: %s
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO, APP_DATA, APP_DATA)).expect(
                "Greeting +OK Dovecot ready. @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsConfirmed client @4",
                "Closed fin TLS @8");
    }

    @Test
    void stlsInLowerCase_isTheSameVerb() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: stls<CRLF>
                S: +OK go<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).closedBy(CloseReason.END_OF_CAPTURE).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested stls\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsConfirmed client @4",
                "Closed end_of_capture TLS @5");
    }

    @Test
    void tlsHandshakeEndedByServerAlert_isReportedByTheWatch() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK go<CRLF>
                C: %s
                S: <HEX:15030300020230>
                """.formatted(CLIENT_HELLO)).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed server-alert server alert fatal 48 start@4 @5",
                "Closed fin TLS @6");
    }

    @Test
    void clientHelloAndAlertInOneSegment_handsTheRestOfTheSegmentToTheWatch() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK go<CRLF>
                C: <HEX:1603010005010000010015030100020228>
                """).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed client-alert client alert fatal 40 start@4 @4",
                "Closed fin TLS @5");
    }

    @Test
    void stlsRefused_thenPlaintextUserPass() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: -ERR TLS not available<CRLF>
                C: USER alice<CRLF>
                S: +OK<CRLF>
                C: PASS wonderland<CRLF>
                S: +OK Logged in.<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied -ERR refused @3",
                "Auth USER user=alice CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=USER alice\\r\\nPASS <redacted 10 bytes>\\r\\n cmd@4 @6",
                "Closed fin COMMAND @10");
        assertNowhere(events, "wonderland");
    }

    @Test
    void stlsAcceptedThenPlaintext_isTlsNotFollowedAndParsingGoesOn() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK Begin TLS<CRLF>
                C: USER alice<CRLF>
                S: -ERR unknown command<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsNotFollowed client USER alice\\r\\n @4",
                "Auth USER user=alice USERNAME_ONLY REJECTED -ERR ev=USER alice\\r\\n cmd@4 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void stlsAcceptedThenPlaintextPassword_isRedactedInTheNotFollowedEvidence() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK Begin TLS<CRLF>
                C: PASS hunter2<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsNotFollowed client PASS <redacted 7 bytes>\\r\\n @4",
                "Auth USER user=null CLEARTEXT_SECRET UNKNOWN null "
                        + "ev=PASS <redacted 7 bytes>\\r\\n cmd@4 @4",
                "Closed fin COMMAND @5");
        assertNowhere(events, "hunter2");
    }

    @Test
    void commandPipelinedBehindStls_isPlaintextAfterStartTlsFromTheClient() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>USER alice<CRLF>
                S: +OK Begin TLS<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).closedBy(CloseReason.END_OF_CAPTURE).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "PlaintextAfterStartTls client 12 USER alice\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsConfirmed client @4",
                "Auth USER user=alice USERNAME_ONLY UNKNOWN null ev=USER alice\\r\\n cmd@2 @2",
                "Closed end_of_capture TLS @5");
    }

    @Test
    void serverLinesAfterItsGoAhead_arePlaintextAfterStartTlsFromTheServer() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK Begin TLS<CRLF>+OK injected<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "Anomaly response-without-command @3",
                "PlaintextAfterStartTls server 14 +OK injected\\r\\n @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@4 @5",
                "Closed fin TLS @5");
    }

    @Test
    void goAheadThenClientHelloAnsweredInPlaintext_isTlsNotFollowedByTheServer() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK go<CRLF>
                C: %s
                S: -ERR what is this<CRLF>
                """.formatted(CLIENT_HELLO)).closedBy(CloseReason.END_OF_CAPTURE).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "TlsConfirmed client @4",
                "TlsNotFollowed server -ERR what is this\\r\\n @5",
                "Closed end_of_capture TLS @6");
    }

    @Test
    void clientOnlyStls_confirmedByClientHello() {
        Pop3Replay.of("""
                C: CAPA<CRLF>
                C: STLS<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).closedBy(CloseReason.END_OF_CAPTURE).expect(
                "StartTlsRequested STLS\\r\\n @2",
                "TlsConfirmed client @3",
                "Anomaly server-direction-not-captured @4",
                "Closed end_of_capture TLS @4");
    }

    // ---- logins ----

    @Test
    void userPassRejected_isCleartextWithTheRejection() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: USER test@tt.com<CRLF>
                S: +OK<CRLF>
                C: PASS 123456<CRLF>
                S: -ERR the password incorrect<CRLF>
                C: QUIT<CRLF>
                S: +OK<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth USER user=test@tt.com CLEARTEXT_SECRET REJECTED -ERR "
                        + "ev=USER test@tt.com\\r\\nPASS <redacted 6 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @8");
        assertNowhere(events, "123456");
    }

    @Test
    void userPassPipelined_matchesBothAnswersInOrder() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: USER alice<CRLF>PASS pass word<CRLF>STAT<CRLF>
                S: +OK<CRLF>+OK Logged in.<CRLF>+OK 0 0<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth USER user=alice CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=USER alice\\r\\nPASS <redacted 9 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
    }

    @Test
    void userRejectedWithoutPass_isUserNameOnlyRejected() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: USER nobody<CRLF>
                S: -ERR no such mailbox<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth USER user=nobody USERNAME_ONLY REJECTED -ERR ev=USER nobody\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
    }

    @Test
    void userOnlyThenQuit_isUserNameOnly() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: USER bob<CRLF>
                S: +OK<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth USER user=bob USERNAME_ONLY UNKNOWN null ev=USER bob\\r\\n cmd@2 @2",
                "Closed fin COMMAND @6");
    }

    @Test
    void apop_isChallengeResponseWithTheDigestRedacted() {
        List<String> events = Pop3Replay.of("""
                S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us><CRLF>
                C: APOP mrose c4c9334bac560ecc979e58001b3e22fb<CRLF>
                S: +OK maildrop has 1 message (369 octets)<CRLF>
                """).expect(
                "Greeting +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us> @1",
                "Auth APOP user=mrose CHALLENGE_RESPONSE ACCEPTED +OK "
                        + "ev=APOP mrose <redacted 32 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(events, "c4c9334bac560ecc979e58001b3e22fb");
    }

    @Test
    void clientOnlyUserPass_isCleartextWithUnknownOutcome() {
        Pop3Replay.of("""
                C: USER alice<CRLF>
                C: PASS secret<CRLF>
                C: QUIT<CRLF>
                """).expect(
                "Auth USER user=alice CLEARTEXT_SECRET UNKNOWN null "
                        + "ev=USER alice\\r\\nPASS <redacted 6 bytes>\\r\\n cmd@1 @2",
                "Anomaly server-direction-not-captured @4",
                "Closed fin COMMAND @4");
    }

    // ---- AUTH ----

    @Test
    void authPlainWithInitialResponse_isCleartextWithUser() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: AUTH PLAIN %s<CRLF>
                S: +OK Logged in.<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting +OK ready @1",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(events, PLAIN_ALICE, "wonderland");
    }

    @Test
    void authPlainAfterEmptyChallenge_takesTheNextLineAsResponse() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: AUTH PLAIN<CRLF>
                S: + <CRLF>
                C: %s<CRLF>
                S: -ERR authentication failed<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting +OK ready @1",
                "Auth PLAIN user=alice CLEARTEXT_SECRET REJECTED -ERR "
                        + "ev=AUTH PLAIN\\r\\n<redacted 24 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @6");
        assertNowhere(events, PLAIN_ALICE);
    }

    @Test
    void authLogin_decodesUserAndNeverShowsThePassword() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: AUTH LOGIN<CRLF>
                S: + VXNlcm5hbWU6<CRLF>
                C: %s<CRLF>
                S: + UGFzc3dvcmQ6<CRLF>
                C: %s<CRLF>
                S: +OK<CRLF>
                """.formatted(LOGIN_USER, LOGIN_PASSWORD)).expect(
                "Greeting +OK ready @1",
                "Auth LOGIN user=bob CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=AUTH LOGIN\\r\\n<redacted 4 bytes>\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @6",
                "Closed fin COMMAND @8");
        assertNowhere(events, LOGIN_PASSWORD);
    }

    @Test
    void authCramMd5_isChallengeResponseWithUser() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: AUTH CRAM-MD5<CRLF>
                S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+<CRLF>
                C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw<CRLF>
                S: +OK CRAM authentication successful<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth CRAM-MD5 user=tim CHALLENGE_RESPONSE ACCEPTED +OK "
                        + "ev=AUTH CRAM-MD5\\r\\n<redacted 48 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void authCancelledWithStar_sentNoCredentials() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: AUTH LOGIN<CRLF>
                S: + VXNlcm5hbWU6<CRLF>
                C: *<CRLF>
                S: -ERR authentication cancelled<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth LOGIN user=null NONE REJECTED -ERR ev=AUTH LOGIN\\r\\n*\\r\\n cmd@2 @2",
                "Closed fin COMMAND @6");
    }

    @Test
    void bareAuthListingMechanisms_isNoExchangeAndItsListIsNoResponse() {
        Pop3Replay.of("""
                S: +OK lavad<CRLF>
                C: AUTH<CRLF>
                S: +OK<CRLF>PLAIN<CRLF>LOGIN<CRLF>.<CRLF>
                C: CAPA<CRLF>
                S: +OK<CRLF>STLS<CRLF>PIPELINING<CRLF>.<CRLF>
                """).expect(
                "Greeting +OK lavad @1",
                "Capabilities CAPA [STLS, PIPELINING] lines=[STLS, PIPELINING] first@5 @5",
                "Closed fin COMMAND @6");
    }

    @Test
    void bareAuthRefused_isNoExchange() {
        Pop3Replay.of("""
                S: +OK lavad<CRLF>
                C: AUTH<CRLF>
                S: -ERR Unrecognized command.<CRLF>
                C: CAPA<CRLF>
                S: +OK<CRLF>STLS<CRLF>.<CRLF>
                """).expect(
                "Greeting +OK lavad @1",
                "Capabilities CAPA [STLS] lines=[STLS] first@5 @5",
                "Closed fin COMMAND @6");
    }

    @Test
    void serverOnlyChallengeThenSuccess_isAnAuthWhoseCredentialsWereNotCaptured() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                S: + <CRLF>
                S: +OK Logged in.<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth UNKNOWN user=null NOT_CAPTURED ACCEPTED +OK "
                        + "ev=+OK Logged in.\\r\\n cmd@3 @3",
                "Anomaly client-direction-not-captured @4",
                "Closed fin COMMAND @4");
    }

    @Test
    void serverOnlyPlainOks_areNoAuthAttempt() {
        // "+OK Logged in." may answer PASS, but also NOOP or anything else: not sure enough.
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                S: +OK<CRLF>
                S: +OK Logged in.<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Anomaly client-direction-not-captured @4",
                "Closed fin COMMAND @4");
    }

    // ---- multi-line responses ----

    @Test
    void retrBodyWithStatusLikeLines_isContentAndOneMessageTransfer() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: RETR 1<CRLF>
                S: +OK 120 octets<CRLF>Subject: hi<CRLF><CRLF>+OK not a response<CRLF>-ERR neither<CRLF>..<CRLF>...STLS<CRLF>
                S: + not a challenge<CRLF>.<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "MessageTransfer RETR RETR 1\\r\\n @3",
                "Closed fin COMMAND @7");
    }

    @Test
    void pipelinedListUidlRetr_matchEachResponseToItsCommand() {
        // LIST without argument is multi-line, UIDL with one is not: a mismatch would read the
        // body lines as responses.
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STAT<CRLF>LIST<CRLF>UIDL 1<CRLF>TOP 1 0<CRLF>RETR 1<CRLF>QUIT<CRLF>
                S: +OK 1 5<CRLF>+OK<CRLF>1 5<CRLF>.<CRLF>+OK 1 abc<CRLF>+OK<CRLF>Subject: x<CRLF>.<CRLF>
                S: +OK<CRLF>hello<CRLF>.<CRLF>+OK bye<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "MessageTransfer TOP TOP 1 0\\r\\n @3",
                "MessageTransfer RETR RETR 1\\r\\n @4",
                "Closed fin COMMAND @5");
    }

    @Test
    void retrRefused_isNoMessageTransfer() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: RETR 9<CRLF>
                S: -ERR no such message<CRLF>
                C: NOOP<CRLF>
                S: +OK<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Closed fin COMMAND @6");
    }

    // ---- implicit TLS ----

    @Test
    void implicitTls_confirmedByFirstClientRecord() {
        Pop3Replay.of("""
                C: %s
                S: %s
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO, APP_DATA, APP_DATA)).implicitTls().expect(
                "TlsConfirmed client @1",
                "Closed fin TLS @5");
    }

    @Test
    void implicitTlsPortSpeakingPlaintext_isReportedAndParsedAsPop3() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: USER alice<CRLF>
                S: +OK<CRLF>
                C: PASS secret<CRLF>
                S: +OK<CRLF>
                """).implicitTls().expect(
                "ImplicitTlsPlaintext server +OK ready\\r\\n @1",
                "Greeting +OK ready @1",
                "Auth USER user=alice CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=USER alice\\r\\nPASS <redacted 6 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void implicitTlsClientHelloAnsweredInPlaintext_isTlsNotFollowedByTheServer() {
        Pop3Replay.of("""
                C: %s
                S: -ERR unknown command<CRLF>
                """.formatted(CLIENT_HELLO)).implicitTls().expect(
                "TlsConfirmed client @1",
                "TlsNotFollowed server -ERR unknown command\\r\\n @2",
                "Closed fin TLS @3");
    }

    // ---- gaps, one-sided and mid-session captures, limits ----

    @Test
    void serverGapInsideCapa_dropsTheCutListAndResyncsAtItsEnd() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: CAPA<CRLF>
                S: +OK<CRLF>STLS<CRLF>
                S: <GAP:20>
                S: more<CRLF>SASL PLAIN<CRLF>.<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Gap server 20 @4",
                "Closed fin COMMAND @8");
    }

    @Test
    void clientGapAfterUser_reportsWhatWasSeenAndAcceptsUnmatchedResponses() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: USER alice<CRLF>
                S: +OK<CRLF>
                C: <GAP:17>
                S: +OK Logged in.<CRLF>
                C: STAT<CRLF>
                S: +OK 2 320<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Gap client 17 @4",
                "Auth USER user=alice USERNAME_ONLY UNKNOWN null ev=USER alice\\r\\n cmd@2 @2",
                "Closed fin COMMAND @8");
    }

    @Test
    void midSessionCaptureInsideABody_skipsItUpToItsEnd() {
        Pop3Replay.of("""
                S: body line<CRLF>+OK not a status<CRLF>.<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """).midSession().expect(
                "Closed fin COMMAND @4");
    }

    @Test
    void garbageResponseLine_isAnAnomalyAndTheNextStatusStillMatches() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: NOOP<CRLF>
                S: garbage<CRLF>+OK<CRLF>
                C: RETR 1<CRLF>
                S: +OK<CRLF>x<CRLF>.<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Anomaly bad-response-line @3",
                "MessageTransfer RETR RETR 1\\r\\n @5",
                "Closed fin COMMAND @6");
    }

    @Test
    void tooManyPendingCommands_dropsTheOldest() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>
                S: +OK<CRLF>+OK<CRLF>
                """).limits(new Pop3Limits(4096, 2, 128, 4096, 100)).expect(
                "Greeting +OK ready @1",
                "Anomaly pending-queue-overflow @2",
                "Closed fin COMMAND @4");
    }

    /** Dropping the oldest of a long pipeline is a limit, not an anomaly that spends the budget (3 here). */
    @Test
    void pipelineFarBeyondTheQueueAndTheAnomalyBudget_stillLetsTheLoginBeRead() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>
                S: +OK<CRLF>+OK<CRLF>+OK<CRLF>+OK<CRLF>+OK<CRLF>+OK<CRLF>+OK<CRLF>+OK<CRLF>
                C: USER alice<CRLF>
                S: +OK<CRLF>
                C: PASS secret<CRLF>
                S: +OK logged in<CRLF>
                """).limits(new Pop3Limits(4096, 2, 128, 4096, 3)).expect(
                "Greeting +OK ready @1",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Anomaly pending-queue-overflow @2",
                "Auth USER user=alice CLEARTEXT_SECRET ACCEPTED +OK ev=USER alice\\r\\nPASS <redacted 6 bytes>\\r\\n cmd@4 @6",
                "Closed fin COMMAND @8");
        assertTrue(events.stream().noneMatch(e -> e.contains("parser-gave-up")), events.toString());
    }

    @Test
    void overlongCommandLine_isAnAnomalyWithoutItsContent() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: PASS averyveryverylongsecret<CRLF>
                S: -ERR no<CRLF>
                """).limits(new Pop3Limits(16, 64, 128, 4096, 100)).expect(
                "Greeting +OK ready @1",
                "Anomaly line-too-long @2",
                "Auth USER user=null CLEARTEXT_SECRET REJECTED -ERR "
                        + "ev=PASS <redacted 23 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(events, "averyvery", "longsecret");
    }

    @Test
    void serverOnlyGoAheadThenServerHello_isConfirmedByTheServer() {
        // The STLS is not in the capture; a +OK followed by a TLS record is its go-ahead.
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                S: +OK Begin TLS<CRLF>
                S: %s
                """.formatted(SERVER_HELLO)).closedBy(CloseReason.END_OF_CAPTURE).expect(
                "Greeting +OK ready @1",
                "TlsConfirmed server @3",
                "Anomaly client-direction-not-captured @4",
                "Closed end_of_capture TLS @4");
    }

    @Test
    void implicitTlsMidSession_acceptsApplicationDataFromTheServer() {
        Pop3Replay.of("""
                S: %s
                C: %s
                """.formatted(APP_DATA, APP_DATA)).implicitTls().midSession()
                .closedBy(CloseReason.END_OF_CAPTURE).expect(
                "TlsConfirmed server @1",
                "Closed end_of_capture TLS @3");
    }

    @Test
    void implicitTlsPortWithPlaintextClientFirst_isReportedOnceFromTheClient() {
        Pop3Replay.of("""
                C: CAPA<CRLF>
                S: +OK ready<CRLF>
                S: +OK<CRLF>STLS<CRLF>.<CRLF>
                """).implicitTls().expect(
                "ImplicitTlsPlaintext client CAPA\\r\\n @1",
                "Greeting +OK ready @2",
                "Capabilities CAPA [STLS] lines=[STLS] first@3 @3",
                "Closed fin COMMAND @4");
    }

    @Test
    void unknownCommandAnsweredWithABody_skipsTheBodyQuietly() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: XTND LIST<CRLF>
                S: +OK list follows<CRLF>one<CRLF>two<CRLF>.<CRLF>
                C: NOOP<CRLF>
                S: +OK<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Closed fin COMMAND @6");
    }

    @Test
    void tooManyBadResponseLines_makeTheParserGiveUp() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: NOOP<CRLF>
                S: one<CRLF>two<CRLF>three<CRLF>
                C: USER alice<CRLF>
                """).limits(new Pop3Limits(4096, 64, 128, 4096, 2)).expect(
                "Greeting +OK ready @1",
                "Anomaly bad-response-line @3",
                "Anomaly bad-response-line @3",
                "Anomaly parser-gave-up @3",
                "Closed fin GAVE_UP @5");
    }

    @Test
    void clientGapBeforeTheGoAhead_givesNoTlsVerdict() {
        // The client's position is lost until its next line end: the bytes after the +OK can't be
        // judged, and a later line is read as a command again.
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                C: <GAP:3>
                S: +OK go<CRLF>
                C: xy<CRLF>NOOP<CRLF>
                S: -ERR<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "Gap client 3 @3",
                "StartTlsReplied +OK accepted @4",
                "Closed fin COMMAND @7");
    }

    @Test
    void clientOnlyAuthLogin_takesTwoLinesAsResponsesThenCommands() {
        // Server not visible: LOGIN sends a user name and a password, then the client goes on.
        List<String> events = Pop3Replay.of("""
                C: AUTH LOGIN<CRLF>
                C: %s<CRLF>
                C: %s<CRLF>
                C: STAT<CRLF>
                """.formatted(LOGIN_USER, LOGIN_PASSWORD)).expect(
                "Auth LOGIN user=bob CLEARTEXT_SECRET UNKNOWN null "
                        + "ev=AUTH LOGIN\\r\\n<redacted 4 bytes>\\r\\n<redacted 16 bytes>\\r\\n cmd@1 @3",
                "Anomaly server-direction-not-captured @5",
                "Closed fin COMMAND @5");
        assertNowhere(events, LOGIN_PASSWORD);
    }

    @Test
    void midSessionCaptureStartingAtPass_reportsThePasswordWithoutUser() {
        Pop3Replay.of("""
                C: PASS secret<CRLF>
                S: +OK Logged in.<CRLF>
                C: RETR 1<CRLF>
                S: +OK<CRLF>.<CRLF>
                """).midSession().expect(
                "Auth USER user=null CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=PASS <redacted 6 bytes>\\r\\n cmd@1 @1",
                "MessageTransfer RETR RETR 1\\r\\n @4",
                "Closed fin COMMAND @5");
    }

    @Test
    void midSessionCaptureInsideSaslExchange_skipsResponsesUntilAKnownVerb() {
        Pop3Replay.of("""
                C: %s<CRLF>
                S: +OK<CRLF>
                C: QUIT<CRLF>
                S: +OK bye<CRLF>
                """.formatted(PLAIN_ALICE)).midSession().expect(
                "Closed fin COMMAND @5");
    }

    @Test
    void midSessionCaptureAfterTheLogin_showsItByTransactionAnswersAsNotCaptured() {
        // STAT is accepted only after a login (RFC 1939 §5): one happened, outside the capture.
        Pop3Replay.of("""
                C: STAT<CRLF>
                S: +OK 2 320<CRLF>
                C: RETR 1<CRLF>
                S: +OK<CRLF>x<CRLF>.<CRLF>
                """).midSession().expect(
                "Auth UNKNOWN user=null NOT_CAPTURED ACCEPTED +OK ev=+OK 2 320\\r\\n cmd@2 @2",
                "MessageTransfer RETR RETR 1\\r\\n @4",
                "Closed fin COMMAND @5");
    }

    @Test
    void transactionCommandRefusedBeforeLogin_showsNoLogin() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STAT<CRLF>
                S: -ERR not authenticated<CRLF>
                C: USER a<CRLF>
                S: +OK<CRLF>
                C: PASS b<CRLF>
                S: +OK<CRLF>
                C: STAT<CRLF>
                S: +OK 0 0<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Auth USER user=a CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=USER a\\r\\nPASS <redacted 1 bytes>\\r\\n cmd@4 @6",
                "Closed fin COMMAND @10");
    }

    @Test
    void loginLostInAClientGap_isShownByTheTransactionAnswersAfterIt() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: <GAP:30>
                C: <CRLF>
                S: +OK<CRLF>+OK Logged in.<CRLF>
                C: LIST 1<CRLF>
                S: +OK 1 120<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "Gap client 30 @2",
                "Auth UNKNOWN user=null NOT_CAPTURED ACCEPTED +OK ev=+OK 1 120\\r\\n cmd@6 @6",
                "Closed fin COMMAND @7");
    }

    @Test
    void goAheadWithNothingAfter_closesInTheGoAheadState() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK go<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "Closed fin TLS_GO_AHEAD @4");
    }

    @Test
    void serverPlaintextAfterGoAheadWithSilentClient_isReportedAtTheClose() {
        Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>
                S: +OK go<CRLF>
                S: -ERR timeout<CRLF>
                """).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "StartTlsReplied +OK accepted @3",
                "Anomaly response-without-command @4",
                "PlaintextAfterStartTls server 14 -ERR timeout\\r\\n @4",
                "Closed fin TLS_GO_AHEAD @5");
    }

    @Test
    void authPipelinedBehindRefusedStls_isReportedWithTheSecretRedacted() {
        List<String> events = Pop3Replay.of("""
                S: +OK ready<CRLF>
                C: STLS<CRLF>AUTH PLAIN %s<CRLF>
                S: -ERR no TLS<CRLF>+OK Logged in.<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting +OK ready @1",
                "StartTlsRequested STLS\\r\\n @2",
                "PlaintextAfterStartTls client 37 AUTH PLAIN <redacted 24 bytes>\\r\\n @2",
                "StartTlsReplied -ERR refused @3",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED +OK "
                        + "ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(events, PLAIN_ALICE);
    }
}
