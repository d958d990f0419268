package org.stripscope.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transcript-driven tests of the SMTP session parser. Each transcript is replayed whole, byte by
 * byte and at every split point (see {@link SmtpReplay}); frames are the transcript line numbers.
 */
class SmtpSessionTest {

    /** "\0alice\0wonderland": 17 bytes, so 24 base64 characters. */
    private static final String PLAIN_ALICE = b64("\0alice\0wonderland");
    private static final String LOGIN_USER = b64("bob");
    private static final String LOGIN_PASSWORD = "Tr0ub4dor&3";

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
    void cleanStarttls_confirmedByClientHello() {
        SmtpReplay.of("""
                S: 220 mx.example.net ESMTP Postfix<CRLF>
                C: EHLO client.example.org<CRLF>
                S: 250-mx.example.net<CRLF>250-PIPELINING<CRLF>250-STARTTLS<CRLF>250 8BITMIME<CRLF>
                C: STARTTLS<CRLF>
                S: 220 2.0.0 Ready to start TLS<CRLF>
                C: <HEX:16030100050100000100>
                S: <HEX:16030300050200000100>
                C: <HEX:14030300010117030300040d0a0d0a>
                S: <HEX:17030300040d0a0d0a>
                """).expect(
                "Greeting 220 mx.example.net ESMTP Postfix @1",
                "Capabilities EHLO [PIPELINING, STARTTLS, 8BITMIME] "
                        + "lines=[PIPELINING, STARTTLS, 8BITMIME] first@3 @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "TlsConfirmed client @6",
                "Closed fin TLS @10");
    }

    @Test
    void ehloReplyWithMaskedKeyword_listsItAsCapability() {
        SmtpReplay.of("""
                S: 220 mx.example.net ESMTP<CRLF>
                C: EHLO client.example.org<CRLF>
                S: 250-mx.example.net<CRLF>250-PIPELINING<CRLF>250-XXXXXXXA<CRLF>250 8BITMIME<CRLF>
                C: QUIT<CRLF>
                S: 221 2.0.0 Bye<CRLF>
                """).expect(
                "Greeting 220 mx.example.net ESMTP @1",
                "Capabilities EHLO [PIPELINING, XXXXXXXA, 8BITMIME] "
                        + "lines=[PIPELINING, XXXXXXXA, 8BITMIME] first@3 @3",
                "Closed fin COMMAND @6");
    }

    @Test
    void ehloReplySpreadOverFrames_stampsEachCapabilityLineWithItsFrame() {
        // The masked line ends in frame 4; a finding about it names that frame, not the last.
        SmtpReplay.of("""
                S: 220 mx.example.net ESMTP<CRLF>
                C: EHLO client.example.org<CRLF>
                S: 250-mx.example.net<CRLF>250-PIPE
                S: LINING<CRLF>250-XXXXXXXA<CRLF>
                S: 250 8BITMIME<CRLF>
                C: QUIT<CRLF>
                S: 221 2.0.0 Bye<CRLF>
                """).expect(
                "Greeting 220 mx.example.net ESMTP @1",
                "Capabilities EHLO [PIPELINING, XXXXXXXA, 8BITMIME] "
                        + "lines=[PIPELINING, XXXXXXXA, 8BITMIME] first@3 lines@[4, 4, 5] @5",
                "Closed fin COMMAND @8");
    }

    @Test
    void pipelinedTransaction_repliesMatchInOrderWithoutAnomaly() {
        // Five replies for MAIL, RCPT, RCPT, DATA(354), then DATA's final 250 and QUIT's 221: any
        // mismatch would leave a reply without command or STARTTLS unanswered.
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-PIPELINING<CRLF>250 STARTTLS<CRLF>
                C: MAIL FROM:<a@example.org><CRLF>RCPT TO:<b@example.net><CRLF>RCPT TO:<c@example.net><CRLF>DATA<CRLF>
                S: 250 2.1.0 Ok<CRLF>250 2.1.5 Ok<CRLF>550 5.1.1 unknown<CRLF>354 End data with dot<CRLF>
                C: Subject: hi<CRLF><CRLF>body<CRLF>.<CRLF>
                S: 250 2.0.0 Ok: queued<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go ahead<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Capabilities EHLO [PIPELINING, STARTTLS] lines=[PIPELINING, STARTTLS] first@3 @3",
                "MessageTransfer DATA DATA\\r\\n @4",
                "StartTlsRequested STARTTLS\\r\\n @8",
                "StartTlsReplied 220 accepted @9",
                "Closed fin TLS_GO_AHEAD @10");
    }

    @Test
    void commandsInsideDataContent_produceNoEvents() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 STARTTLS<CRLF>
                C: MAIL FROM:<a@example.org><CRLF>
                S: 250 Ok<CRLF>
                C: RCPT TO:<b@example.net><CRLF>
                S: 250 Ok<CRLF>
                C: DATA<CRLF>
                S: 354 go ahead<CRLF>
                C: EHLO x<CRLF>AUTH PLAIN abc<CRLF>STARTTLS<CRLF>XXXXXXXA<CRLF>
                C: 250-STARTTLS<CRLF>starttls<LF>BDAT 5<CRLF>
                C: .<CRLF>
                S: 250 queued<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Capabilities EHLO [STARTTLS] lines=[STARTTLS] first@3 @3",
                "MessageTransfer DATA DATA\\r\\n @8",
                "Closed fin COMMAND @16");
    }

    @Test
    void dotStuffedLines_areContentAndTheLoneDotEndsIt() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: DATA<CRLF>
                S: 354 go ahead<CRLF>
                C: ..<CRLF>..STARTTLS<CRLF>. <CRLF>.<CRLF>STARTTLS<CRLF>
                S: 250 queued<CRLF>220 ready<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "MessageTransfer DATA DATA\\r\\n @2",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "Closed fin TLS_GO_AHEAD @6");
    }

    @Test
    void bareLfDotsInsideContent_areContentSoSmuggledAuthIsNoCommand() {
        // The SMTP smuggling shape: "\n.\n" (and "\n.\r\n") end a message for some servers,
        // and what follows would be read as commands. RFC 5321 §4.1.1.4 ends content only at
        // CRLF "." CRLF: the AUTH lines stay content, said once per message.
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: MAIL FROM:<a@example.org><CRLF>
                S: 250 ok<CRLF>
                C: RCPT TO:<b@example.net><CRLF>
                S: 250 ok<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: Subject: x<CRLF><CRLF>a<LF>.<LF>AUTH PLAIN %1$s<CRLF>b<LF>.<LF><CRLF>.<CRLF>
                S: 250 queued<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: c<LF>.<CRLF>AUTH PLAIN %1$s<CRLF>.<CRLF>
                S: 250 queued<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting 220 mx ESMTP @1",
                "MessageTransfer DATA DATA\\r\\n @6",
                "Anomaly bare-lf-dot @8",
                "MessageTransfer DATA DATA\\r\\n @10",
                "Anomaly bare-lf-dot @12",
                "Closed fin COMMAND @16");
        assertNowhere(all, "alice");
    }

    @Test
    void bareLfDotTakenAsTheEndByTheServer_isResyncedByItsFinalReply() {
        // The server ended the message at "\n.\n" and answered: its final reply to DATA ends the
        // content here too, and the next command is read as one.
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: a<LF>.<LF>
                S: 250 queued<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "MessageTransfer DATA DATA\\r\\n @2",
                "Anomaly bare-lf-dot @4",
                "Anomaly data-end-not-seen @5",
                "StartTlsRequested STARTTLS\\r\\n @6",
                "StartTlsReplied 220 accepted @7",
                "Closed fin TLS_GO_AHEAD @8");
    }

    @Test
    void bdatChunks_areSkippedByCountNotByLines() {
        // "AUTH PLAIN xyz\r\nSTARTTLS\r\n" is 16 + 10 = 26 bytes; "QUIT\n" is 5 bytes.
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-CHUNKING<CRLF>250 PIPELINING<CRLF>
                C: MAIL FROM:<a@example.org><CRLF>RCPT TO:<b@example.net><CRLF>
                S: 250 Ok<CRLF>250 Ok<CRLF>
                C: BDAT 26<CRLF>AUTH PLAIN xyz<CRLF>STARTTLS<CRLF>BDAT 5 LAST<CRLF>QUIT<LF>
                S: 250 26 octets<CRLF>250 5 octets, queued<CRLF>
                C: BDAT 10 LAST<CRLF>0123456789STARTTLS<CRLF>
                S: 250 10 octets<CRLF>220 ready<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Capabilities EHLO [CHUNKING, PIPELINING] lines=[CHUNKING, PIPELINING] first@3 @3",
                "MessageTransfer BDAT BDAT 26\\r\\n @6",
                "MessageTransfer BDAT BDAT 10 LAST\\r\\n @8",
                "StartTlsRequested STARTTLS\\r\\n @8",
                "StartTlsReplied 220 accepted @9",
                "Closed fin TLS_GO_AHEAD @10");
    }

    @Test
    void invalidBdatSizes_areAnomaliesAndTheNextLineIsACommand() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: BDAT abc<CRLF>
                S: 501 bad size<CRLF>
                C: BDAT 99999999999<CRLF>
                S: 501 bad size<CRLF>
                C: BDAT -5 LAST<CRLF>
                S: 501 bad size<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:16030100>
                """).expect(
                "Greeting 220 mx @1",
                "Anomaly bad-bdat-size @2",
                "Anomaly bad-bdat-size @4",
                "Anomaly bad-bdat-size @6",
                "StartTlsRequested STARTTLS\\r\\n @8",
                "StartTlsReplied 220 accepted @9",
                "TlsConfirmed client @10",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@10 @11",
                "Closed fin TLS @11");
    }

    @Test
    void authPlainInitialResponse_isCleartextWithUserAndRedactedEvidence() {
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 AUTH PLAIN LOGIN<CRLF>
                C: AUTH PLAIN %s<CRLF>
                S: 235 2.7.0 Authentication successful<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting 220 mx ESMTP @1",
                "Capabilities EHLO [AUTH] lines=[AUTH PLAIN LOGIN] first@3 @3",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@4 @4",
                "Closed fin COMMAND @8");
        assertNowhere(all, "wonderland", PLAIN_ALICE);
    }

    @Test
    void authPlainAfterEmptyChallenge_takesTheNextLineAsResponse() {
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH PLAIN<CRLF>
                S: 334 <CRLF>
                C: %s<CRLF>
                S: 535 5.7.8 Error: authentication failed<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting 220 mx ESMTP @1",
                "Auth PLAIN user=alice CLEARTEXT_SECRET REJECTED 535"
                        + " ev=AUTH PLAIN\\r\\n<redacted 24 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @6");
        assertNowhere(all, "wonderland", PLAIN_ALICE);
    }

    @Test
    void authLogin_decodesUserAndNeverShowsThePassword() {
        // "Ym9i" is 4 characters; the 11-byte password is 16.
        String password = b64(LOGIN_PASSWORD);
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 AUTH LOGIN<CRLF>
                C: AUTH LOGIN<CRLF>
                S: 334 VXNlcm5hbWU6<CRLF>
                C: %s<CRLF>
                S: 334 UGFzc3dvcmQ6<CRLF>
                C: %s<CRLF>
                S: 235 2.7.0 Authentication successful<CRLF>
                """.formatted(LOGIN_USER, password)).expect(
                "Greeting 220 mx ESMTP @1",
                "Capabilities EHLO [AUTH] lines=[AUTH LOGIN] first@3 @3",
                "Auth LOGIN user=bob CLEARTEXT_SECRET ACCEPTED 235 ev=AUTH LOGIN\\r\\n"
                        + "<redacted 4 bytes>\\r\\n<redacted 16 bytes>\\r\\n cmd@4 @8",
                "Closed fin COMMAND @10");
        assertNowhere(all, LOGIN_PASSWORD, password);
    }

    @Test
    void authLoginAnsweredWithQuit_takesQuitAsSaslData() {
        // "QUIT" is valid base64 for the bytes 41 42 13: the server reads it as a user name.
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH LOGIN<CRLF>
                S: 334 VXNlcm5hbWU6<CRLF>
                C: QUIT<CRLF>
                S: 535 5.7.8 authentication failed<CRLF>
                C: NOOP<CRLF>
                S: 250 ok<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Auth LOGIN user=AB\u0013 USERNAME_ONLY REJECTED 535"
                        + " ev=AUTH LOGIN\\r\\n<redacted 4 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @8");
    }

    @Test
    void authCramMd5_isChallengeResponseWithUser() {
        // RFC 2195 §2 example: "tim b913a602c7eda7a495b4e6e7334d3890", 36 bytes, 48 characters.
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH CRAM-MD5<CRLF>
                S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+<CRLF>
                C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw<CRLF>
                S: 235 ok<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Auth CRAM-MD5 user=tim CHALLENGE_RESPONSE ACCEPTED 235"
                        + " ev=AUTH CRAM-MD5\\r\\n<redacted 48 bytes>\\r\\n cmd@2 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void authXoauth2_isCleartextSecretWithUser() {
        // 25 + 1 + 12 + 13 + 2 = 53 bytes, 72 base64 characters.
        String token = "ya29.token123";
        String response = b64("user=someuser@example.com\u0001auth=Bearer " + token + "\u0001\u0001");
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH XOAUTH2 %s<CRLF>
                S: 235 2.7.0 Accepted<CRLF>
                """.formatted(response)).expect(
                "Greeting 220 mx ESMTP @1",
                "Auth XOAUTH2 user=someuser@example.com CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH XOAUTH2 <redacted 72 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(all, token, response);
    }

    @Test
    void authNtlm_readsDomainAndUserFromTheAuthenticateMessage() {
        byte[] negotiate = new byte[32];
        System.arraycopy("NTLMSSP\0".getBytes(StandardCharsets.ISO_8859_1), 0, negotiate, 0, 8);
        negotiate[8] = 1;
        // 64-byte header, then "EXAMPLE" (14 bytes UTF-16LE) and "alice" (10): 88 bytes, 120 chars.
        ByteBuffer auth = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
        auth.put("NTLMSSP\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(3);
        auth.putShort((short) 0).putShort((short) 0).putInt(88); // LM response
        auth.putShort((short) 0).putShort((short) 0).putInt(88); // NT response
        auth.putShort((short) 14).putShort((short) 14).putInt(64); // domain
        auth.putShort((short) 10).putShort((short) 10).putInt(78); // user
        auth.putShort((short) 0).putShort((short) 0).putInt(88); // workstation
        auth.putShort((short) 0).putShort((short) 0).putInt(88); // session key
        auth.putInt(0x00000001); // NEGOTIATE_UNICODE
        auth.put("EXAMPLE".getBytes(StandardCharsets.UTF_16LE));
        auth.put("alice".getBytes(StandardCharsets.UTF_16LE));
        String type1 = Base64.getEncoder().encodeToString(negotiate);
        String type3 = Base64.getEncoder().encodeToString(auth.array());
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH NTLM %s<CRLF>
                S: 334 TlRMTVNTUAACAAAAAAAAAAAAAAA=<CRLF>
                C: %s<CRLF>
                S: 235 2.7.0 Authentication successful<CRLF>
                """.formatted(type1, type3)).expect(
                "Greeting 220 mx ESMTP @1",
                "Auth NTLM user=EXAMPLE\\alice CHALLENGE_RESPONSE ACCEPTED 235"
                        + " ev=AUTH NTLM <redacted 44 bytes>\\r\\n<redacted 120 bytes>\\r\\n"
                        + " cmd@2 @4",
                "Closed fin COMMAND @6");
    }

    @Test
    void authCancelledWithStar_sentNoCredentials() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH LOGIN<CRLF>
                S: 334 VXNlcm5hbWU6<CRLF>
                C: *<CRLF>
                S: 501 5.7.0 Authentication cancelled<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Auth LOGIN user=null NONE REJECTED 501 ev=AUTH LOGIN\\r\\n*\\r\\n cmd@2 @2",
                "Closed fin COMMAND @6");
    }

    @Test
    void bareAuth_isNoExchange() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH<CRLF>
                S: 501 5.5.4 Syntax: AUTH mechanism<CRLF>
                C: NOOP<CRLF>
                S: 250 ok<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Closed fin COMMAND @6");
    }

    @Test
    void starttlsRefused_thenPlaintextAuth() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-STARTTLS<CRLF>250 AUTH PLAIN<CRLF>
                C: STARTTLS<CRLF>
                S: 454 4.7.0 TLS not available<CRLF>
                C: AUTH PLAIN %s<CRLF>
                S: 235 ok<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [STARTTLS, AUTH] lines=[STARTTLS, AUTH PLAIN] first@3 @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 454 refused @5",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@6 @6",
                "Closed fin COMMAND @8");
    }

    @Test
    void plaintextAfterGoAhead_isTlsNotFollowedAndParsingGoesOn() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-STARTTLS<CRLF>250 AUTH LOGIN<CRLF>
                C: STARTTLS<CRLF>
                S: 220 ready<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 AUTH LOGIN<CRLF>
                C: AUTH PLAIN %s<CRLF>
                S: 235 ok<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [STARTTLS, AUTH] lines=[STARTTLS, AUTH LOGIN] first@3 @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "TlsNotFollowed client EHLO c\\r\\n @6",
                "Capabilities EHLO [AUTH] lines=[AUTH LOGIN] first@7 @7",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@8 @8",
                "Closed fin COMMAND @10");
    }

    @Test
    void commandsPipelinedAfterStarttls_areAnomaliesAndStillParsed() {
        List<String> all = SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-PIPELINING<CRLF>250 STARTTLS<CRLF>
                C: STARTTLS<CRLF>RSET<CRLF>AUTH PLAIN %s<CRLF>
                S: 220 ready<CRLF>
                C: <HEX:1603010200>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [PIPELINING, STARTTLS] lines=[PIPELINING, STARTTLS] first@3 @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "Anomaly command-after-starttls @4",
                "Anomaly command-after-starttls @4",
                "PlaintextAfterStartTls client 43 RSET\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "TlsConfirmed client @6",
                "Auth PLAIN user=alice CLEARTEXT_SECRET UNKNOWN null"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@4 @4",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@6 @7",
                "Closed fin TLS @7");
        assertNowhere(all, "wonderland", PLAIN_ALICE);
    }

    @Test
    void pipeConnect_greetingIsNotTakenAsTheEhloReply() {
        SmtpReplay.of("""
                C: EHLO c<CRLF>
                S: 220 mx ESMTP<CRLF>250-mx<CRLF>250-PIPELINING<CRLF>250 STARTTLS<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:160301>
                """).expect(
                "Greeting 220 mx ESMTP @2",
                "Capabilities EHLO [PIPELINING, STARTTLS] lines=[PIPELINING, STARTTLS] first@2 @2",
                "StartTlsRequested STARTTLS\\r\\n @3",
                "StartTlsReplied 220 accepted @4",
                "TlsConfirmed client @5",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@5 @6",
                "Closed fin TLS @6");
    }

    @Test
    void midSessionCapture_matchesWhatItCanWithoutGreeting() {
        SmtpReplay.of("""
                C: MAIL FROM:<a@example.org><CRLF>
                S: 250 ok<CRLF>
                S: 250 2.0.0 stray<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:16030100>
                """).midSession().expect(
                "Anomaly reply-without-command @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "TlsConfirmed client @6",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@6 @7",
                "Closed fin TLS @7");
    }

    @Test
    void midSessionStarttls_firstReply220IsTheGoAheadNotAGreeting() {
        SmtpReplay.of("""
                C: STARTTLS<CRLF>
                S: 220 2.0.0 Ready<CRLF>
                C: <HEX:160303>
                """).midSession().expect(
                "StartTlsRequested STARTTLS\\r\\n @1",
                "StartTlsReplied 220 accepted @2",
                "TlsConfirmed client @3",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@3 @4",
                "Closed fin TLS @4");
    }

    @Test
    void clientOnlyAuthLogin_stillReportsUserWithUnknownOutcome() {
        String password = b64(LOGIN_PASSWORD);
        List<String> all = SmtpReplay.of("""
                C: EHLO c<CRLF>
                C: AUTH LOGIN<CRLF>
                C: %s<CRLF>
                C: %s<CRLF>
                C: MAIL FROM:<bob@example.org><CRLF>
                """.formatted(LOGIN_USER, password)).expect(
                "Auth LOGIN user=bob CLEARTEXT_SECRET UNKNOWN null ev=AUTH LOGIN\\r\\n"
                        + "<redacted 4 bytes>\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @4",
                "Anomaly server-direction-not-captured @6",
                "Closed fin COMMAND @6");
        assertNowhere(all, LOGIN_PASSWORD, password);
    }

    @Test
    void clientOnlyStarttls_confirmedByClientHello() {
        SmtpReplay.of("""
                C: EHLO c<CRLF>
                C: STARTTLS<CRLF>
                C: <HEX:1603010005>
                """).expect(
                "StartTlsRequested STARTTLS\\r\\n @2",
                "TlsConfirmed client @3",
                "Anomaly server-direction-not-captured @4",
                "Closed fin TLS @4");
    }

    @Test
    void serverOnly_reportsGreetingCapabilitiesAndServerTls() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                S: 250-mx<CRLF>250-PIPELINING<CRLF>250 STARTTLS<CRLF>
                S: 220 2.0.0 Ready to start TLS<CRLF>
                S: <HEX:160303005a>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Capabilities null [PIPELINING, STARTTLS] lines=[PIPELINING, STARTTLS] first@2 @2",
                "TlsConfirmed server @4",
                "Anomaly client-direction-not-captured @5",
                "Closed fin TLS @5");
    }

    @Test
    void serverOnlyAuthSuccess_isAnAuthAttemptWhoseCredentialsWereNotCaptured() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                S: 250-mx<CRLF>250-AUTH PLAIN LOGIN<CRLF>250 STARTTLS<CRLF>
                S: 334 VXNlcm5hbWU6<CRLF>
                S: 334 UGFzc3dvcmQ6<CRLF>
                S: 235 2.7.0 Authentication successful<CRLF>
                S: 250 2.1.0 Ok<CRLF>
                """).expect(
                "Greeting 220 mx ESMTP @1",
                "Capabilities null [AUTH, STARTTLS] lines=[AUTH PLAIN LOGIN, STARTTLS] first@2 @2",
                "Auth UNKNOWN user=null NOT_CAPTURED ACCEPTED 235"
                        + " ev=235 2.7.0 Authentication successful\\r\\n cmd@5 @5",
                "Anomaly client-direction-not-captured @7",
                "Closed fin COMMAND @7");
    }

    @Test
    void starttlsInAnyCase_isTheSameVerb() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: starttls<CRLF>
                S: 454 not now<CRLF>
                C: StartTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:160301>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested starttls\\r\\n @2",
                "StartTlsReplied 454 refused @3",
                "StartTlsRequested StartTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "TlsConfirmed client @6",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@6 @7",
                "Closed fin TLS @7");
    }

    @Test
    void bareLfLines_workAndBareCrIsNoTerminator() {
        // If the CR ended a line, NOOP's reply would be taken by "b" and STARTTLS's by NOOP.
        SmtpReplay.of("""
                S: 220 mx<LF>
                C: EHLO c<LF>
                S: 250-mx<LF>250 STARTTLS<LF>
                C: NOOP a<CR>b<LF>
                S: 250 ok<LF>
                C: STARTTLS<LF>
                S: 220 go<LF>
                C: <HEX:160301>
                """).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [STARTTLS] lines=[STARTTLS] first@3 @3",
                "StartTlsRequested STARTTLS\\n @6",
                "StartTlsReplied 220 accepted @7",
                "TlsConfirmed client @8",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@8 @9",
                "Closed fin TLS @9");
    }

    @Test
    void trailingBlanksAfterStarttls_areTolerated() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS  <HEX:09><CRLF>
                S: 220 go<CRLF>
                C: <HEX:160301>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS  \\t\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@4 @5",
                "Closed fin TLS @5");
    }

    @Test
    void overlongLines_areAnomaliesWithTheirHeadKept() {
        // Limit 64: "250-XLONG " is 10 bytes, so 54 of the 70 A's are kept.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-XLONG %s<CRLF>250 STARTTLS<CRLF>
                C: NOOP %s<CRLF>
                S: 250 ok<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """.formatted("A".repeat(70), "x".repeat(100)))
                .limits(new SmtpLimits(64, 128, 256, 4096, 100)).expect(
                "Greeting 220 mx @1",
                "Anomaly line-too-long @3",
                "Capabilities EHLO [XLONG, STARTTLS] lines=[XLONG " + "A".repeat(54)
                        + ", STARTTLS] first@3 @3",
                "Anomaly line-too-long @4",
                "Closed fin COMMAND @8");
    }

    @Test
    void gapInCommands_resyncsAtTheNextLineEnd() {
        // The cut MAIL line is dropped, so its 250 answers RSET and RSET's is left over.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 STARTTLS<CRLF>
                C: MAIL FROM:<a@exa
                C: <GAP:20>
                C: mple.org> junk<CRLF>RSET<CRLF>
                S: 250 ok<CRLF>250 ok<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 STARTTLS<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [STARTTLS] lines=[STARTTLS] first@3 @3",
                "Gap client 20 @5",
                "Anomaly reply-without-command @7",
                "Capabilities EHLO [STARTTLS] lines=[STARTTLS] afterGap first@9 @9",
                "Closed fin COMMAND @10");
    }

    @Test
    void gapHidingTheEndOfData_isResyncedByTheServersFinalReply() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: Subject: x<CRLF>
                C: <GAP:30>
                C: STARTTLS<CRLF>
                S: 250 queued<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:160301>
                """).expect(
                "Greeting 220 mx @1",
                "MessageTransfer DATA DATA\\r\\n @2",
                "Gap client 30 @5",
                "Anomaly data-end-not-seen @7",
                "StartTlsRequested STARTTLS\\r\\n @8",
                "StartTlsReplied 220 accepted @9",
                "TlsConfirmed client @10",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@10 @11",
                "Closed fin TLS @11");
    }

    @Test
    void gapInsideBdatChunk_countsAgainstTheChunk() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: BDAT 100 LAST<CRLF>0123456789
                C: <GAP:90>
                C: STARTTLS<CRLF>
                S: 250 ok<CRLF>220 go<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "MessageTransfer BDAT BDAT 100 LAST\\r\\n @2",
                "Gap client 90 @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "Closed fin TLS_GO_AHEAD @6");
    }

    @Test
    void dataRefusedBeforeContent_returnsToCommands() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: DATA<CRLF>
                S: 554 5.5.1 no valid recipients<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "Closed fin TLS_GO_AHEAD @6");
    }

    @Test
    void implicitTls_confirmedByFirstClientRecord() {
        SmtpReplay.of("""
                C: <HEX:16030100c8010000c40303>
                S: <HEX:160303005a0200>
                """).implicitTls().expect(
                "TlsConfirmed client @1",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@1 @3",
                "Closed fin TLS @3");
    }

    @Test
    void implicitTlsServerOnly_confirmedByServerRecord() {
        SmtpReplay.of("""
                S: <HEX:160303005a0200>
                """).implicitTls().expect(
                "TlsConfirmed server @1",
                "Anomaly client-direction-not-captured @2",
                "Closed fin TLS @2");
    }

    @Test
    void implicitTlsPortSpeakingPlaintext_isParsedAsSmtp() {
        SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 AUTH PLAIN<CRLF>
                """).implicitTls().expect(
                "ImplicitTlsPlaintext server 220 mx ESMTP\\r\\n @1",
                "Greeting 220 mx ESMTP @1",
                "Capabilities EHLO [AUTH] lines=[AUTH PLAIN] first@3 @3",
                "Closed fin COMMAND @4");
    }

    @Test
    void ehloRejectedThenHelo_reportsNoCapabilities() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 500 5.5.1 command unrecognized<CRLF>
                C: HELO c<CRLF>
                S: 250 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 502 not implemented<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @6",
                "StartTlsReplied 502 refused @7",
                "Closed fin COMMAND @8");
    }

    @Test
    void tooManyPendingCommands_dropsTheOldest() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>
                S: 250 ok<CRLF>250 ok<CRLF>250 ok<CRLF>
                """).limits(new SmtpLimits(4096, 2, 256, 4096, 100)).expect(
                "Greeting 220 mx @1",
                "Anomaly pending-queue-overflow @2",
                "Closed fin COMMAND @4");
    }

    @Test
    void longPipelineBeyondTheQueue_isSaidOnceAndTheAuthAfterItIsStillRead() {
        // RFC 2920 §3: replies come in command order, so the first replies answer the dropped
        // commands; a long pipeline must neither misalign the rest nor exhaust the anomaly budget.
        String noops = "NOOP<CRLF>".repeat(20);
        String oks = "250 ok<CRLF>".repeat(20);
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 PIPELINING<CRLF>
                C: %s
                S: %s
                C: AUTH PLAIN %s<CRLF>
                S: 235 2.7.0 ok<CRLF>
                """.formatted(noops, oks, PLAIN_ALICE)).limits(new SmtpLimits(4096, 4, 256, 4096, 3)).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [PIPELINING] lines=[PIPELINING] first@3 @3",
                "Anomaly pending-queue-overflow @4",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@6 @6",
                "Closed fin COMMAND @8");
    }

    @Test
    void badReplyLines_areSkippedAndTooManyMakeTheParserGiveUp() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                S: hello<CRLF>25<CRLF>250x<CRLF>
                C: STARTTLS<CRLF>
                """).limits(new SmtpLimits(4096, 128, 256, 4096, 3)).expect(
                "Greeting 220 mx @1",
                "Anomaly bad-reply-line @2",
                "Anomaly bad-reply-line @2",
                "Anomaly bad-reply-line @2",
                "Anomaly parser-gave-up @2",
                "Closed fin GAVE_UP @4");
    }

    @Test
    void manyCapabilityLines_keepTheLimitAndEndTheReplyCorrectly() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-A<CRLF>250-B<CRLF>250-C<CRLF>250 D<CRLF>
                C: STARTTLS<CRLF>
                S: 454 no<CRLF>
                """).limits(new SmtpLimits(4096, 128, 3, 4096, 100)).expect(
                "Greeting 220 mx @1",
                "Anomaly too-many-reply-lines @3",
                "Capabilities EHLO [A, B] lines=[A, B] first@3 @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 454 refused @5",
                "Closed fin COMMAND @6");
    }

    /**
     * The three sessions of Zeek's smtp-bdat-cmd-invalid.pcapng (Postfix on loopback), as
     * followed with tshark: "BDAT", "BDAT 1234 SCRAMBLE" and "BDAT SCRAMBLE" are all off the RFC
     * 3030 grammar, Postfix answers 521, and QUIT after them must still be a command (its 221
     * would otherwise be a reply without command, here the NOOP stands in for it).
     */
    @Test
    void zeekInvalidBdatCommands_doNotSwallowTheNextCommand() {
        for (String bdat : new String[] {"BDAT", "BDAT 1234 SCRAMBLE", "BDAT SCRAMBLE"}) {
            SmtpReplay.of("""
                    S: 220 example.com ESMTP Postfix (Debian/GNU)<CRLF>
                    C: EHLO localhost<CRLF>
                    S: 250-example.com<CRLF>250-PIPELINING<CRLF>250-SIZE 10240000<CRLF>250-ETRN<CRLF>250-STARTTLS<CRLF>250-ENHANCEDSTATUSCODES<CRLF>250-8BITMIME<CRLF>250-DSN<CRLF>250-SMTPUTF8<CRLF>250 CHUNKING<CRLF>
                    C: MAIL FROM:<zeek@localhost><CRLF>
                    S: 250 2.1.0 Ok<CRLF>
                    C: RCPT TO:<root@localhost><CRLF>
                    S: 250 2.1.5 Ok<CRLF>
                    C: %s<CRLF>
                    S: 521 5.5.4 Syntax: BDAT count [LAST]<CRLF>
                    C: NOOP<CRLF>
                    S: 250 2.0.0 Ok<CRLF>
                    """.formatted(bdat)).expect(
                    "Greeting 220 example.com ESMTP Postfix (Debian/GNU) @1",
                    "Capabilities EHLO [PIPELINING, SIZE, ETRN, STARTTLS, ENHANCEDSTATUSCODES,"
                            + " 8BITMIME, DSN, SMTPUTF8, CHUNKING] lines=[PIPELINING,"
                            + " SIZE 10240000, ETRN, STARTTLS, ENHANCEDSTATUSCODES, 8BITMIME, DSN,"
                            + " SMTPUTF8, CHUNKING] first@3 @3",
                    "Anomaly bad-bdat-size @8",
                    "Closed fin COMMAND @12");
        }
    }

    @Test
    void bdatAnsweredBeforeItsChunk_returnsToCommands() {
        // The server refuses "BDAT 50" at once; the client, seeing that, sends no chunk.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: BDAT 50<CRLF>
                S: 503 5.5.1 Error: need RCPT command<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Anomaly bdat-chunk-cut-by-reply @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "Closed fin TLS_GO_AHEAD @6");
    }

    @Test
    void clientOnlyUnknownMechanism_takesLinesAsSaslUntilACommand() {
        SmtpReplay.of("""
                C: EHLO c<CRLF>
                C: AUTH X-CUSTOM<CRLF>
                C: c29tZXRoaW5n<CRLF>
                C: b3RoZXI=<CRLF>
                C: STARTTLS<CRLF>
                C: <HEX:160301>
                """).expect(
                "Auth X-CUSTOM user=null UNKNOWN UNKNOWN null ev=AUTH X-CUSTOM\\r\\n"
                        + "<redacted 12 bytes>\\r\\n<redacted 8 bytes>\\r\\n cmd@2 @4",
                "StartTlsRequested STARTTLS\\r\\n @5",
                "TlsConfirmed client @6",
                "Anomaly server-direction-not-captured @7",
                "Closed fin TLS @7");
    }

    @Test
    void invalidBase64_givesNoUserAndAnAnomalyWithoutTheData() {
        // "not!base64" is 10 characters, with "!" outside the base64 alphabet.
        List<String> all = SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: AUTH PLAIN not!base64<CRLF>
                S: 501 5.5.2 cannot decode<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Anomaly bad-sasl-base64 @2",
                "Auth PLAIN user=null CLEARTEXT_SECRET REJECTED 501"
                        + " ev=AUTH PLAIN <redacted 10 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(all, "not!base64");
    }

    /**
     * Suricata-verify's smtp-rset-starttls fuzz capture, as followed with tshark: no greeting (the
     * first reply is a bare "250", which answers EHLO), bare LF endings, mixed-case "staRttLs"
     * pipelined after "rset", and a go-ahead never followed by TLS before the end.
     */
    @Test
    void suricataFuzzRsetStarttls_findsTheMixedCaseGoAhead() {
        SmtpReplay.of("""
                C: EHLO<LF>
                S: 250<LF>
                C: rset<LF>staRttLs<LF>
                S: 250<LF>
                S: 220<LF>
                """).expect(
                "Capabilities EHLO [] lines=[] first@2 @2",
                "StartTlsRequested staRttLs\\n @3",
                "StartTlsReplied 220 accepted @5",
                "Closed fin TLS_GO_AHEAD @6");
    }

    @Test
    void firstReplyAfterHandshakeThatIsNoGreetingCode_answersTheFirstCommand() {
        SmtpReplay.of("""
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 STARTTLS<CRLF>
                """).expect(
                "Capabilities EHLO [STARTTLS] lines=[STARTTLS] first@2 @2",
                "Closed fin COMMAND @3");
    }

    @Test
    void midSessionCaptureInsideContent_skipsUnknownLinesUntilAKnownVerb() {
        // The first lines are the tail of a message; "." ends it and its 250 has no command.
        SmtpReplay.of("""
                C: more body text<CRLF>XXXXXXXA<CRLF>.<CRLF>
                S: 250 2.0.0 queued<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:160301>
                """).midSession().expect(
                "Anomaly reply-without-command @2",
                "StartTlsRequested STARTTLS\\r\\n @3",
                "StartTlsReplied 220 accepted @4",
                "TlsConfirmed client @5",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@5 @6",
                "Closed fin TLS @6");
    }

    @Test
    void clientOnlyLongSession_dropsUnansweredCommandsQuietly() {
        SmtpReplay.of("""
                C: NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>NOOP<CRLF>
                C: STARTTLS<CRLF>
                C: <HEX:160301>
                """).limits(new SmtpLimits(4096, 2, 256, 4096, 100)).expect(
                "StartTlsRequested STARTTLS\\r\\n @2",
                "TlsConfirmed client @3",
                "Anomaly server-direction-not-captured @4",
                "Closed fin TLS @4");
    }

    /**
     * Suricata-verify's smtp-tls-protodetect (port 465): the client opens with a ClientHello, the
     * server answers with a plaintext banner.
     */
    @Test
    void implicitTlsAnsweredInPlaintext_isTlsNotFollowedByTheServer() {
        SmtpReplay.of("""
                C: <HEX:16030100c8010000c40303>
                S: 220 poczta.home-whs.pl ESMTP<CRLF>
                S: 421 timeout<CRLF>
                """).implicitTls().expect(
                "TlsConfirmed client @1",
                "TlsNotFollowed server 220 poczta.home-whs.pl ESMTP\\r\\n @2",
                "Closed fin TLS @4");
    }

    @Test
    void clientHelloAnsweredWithAlertOrServerHello_isNotReportedAgain() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:1603010200>
                S: <HEX:15030300020228>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed server-alert server alert fatal 40 start@4 @5",
                "Closed fin TLS @6");
    }

    @Test
    void goAheadFollowedByClientHelloButPlaintextServer_isTlsNotFollowedByTheServer() {
        // A go-ahead the server did not mean (given by a middlebox): the server goes on in SMTP.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:1603010200>
                S: 500 5.5.2 Error: bad syntax<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "TlsNotFollowed server 500 5.5.2 Error: bad syntax\\r\\n @5",
                "Closed fin TLS @6");
    }

    @Test
    void saslResponseOverTheDecodeLimit_isCountedButNotDecoded() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: AUTH PLAIN %s<CRLF>
                S: 235 ok<CRLF>
                """.formatted(PLAIN_ALICE)).limits(new SmtpLimits(4096, 128, 256, 16, 100)).expect(
                "Greeting 220 mx @1",
                "Anomaly sasl-response-too-long @2",
                "Auth PLAIN user=null CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
    }

    @Test
    void multiLineReplyChangingCode_isAnAnomalyAndStillOneReply() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>251-STARTTLS<CRLF>250 8BITMIME<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Anomaly reply-code-mismatch @3",
                "Capabilities EHLO [STARTTLS, 8BITMIME] lines=[STARTTLS, 8BITMIME] first@3 @3",
                "Closed fin COMMAND @6");
    }

    @Test
    void replyCutByTheEndOfTheCapture_isIncomplete() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-STARTTLS<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Anomaly reply-incomplete @3",
                "Closed fin COMMAND @4");
    }

    @Test
    void multiLineGreetingWithPipelinedEhlo_keepsTheFirstLineAsText() {
        SmtpReplay.of("""
                S: 220-mx.example.net ESMTP<CRLF>220 no UCE<CRLF>
                C: EHLO c<CRLF>QUIT<CRLF>
                S: 250 mx.example.net<CRLF>221 bye<CRLF>
                """).expect(
                "Greeting 220 mx.example.net ESMTP @1",
                "Capabilities EHLO [] lines=[] first@3 @3",
                "Closed fin COMMAND @4");
    }

    @Test
    void saslResponseWhoseChallengeWasLostBehindStarttls_isTakenAsAResponseAndRedacted() {
        // The password prompt fell into a server gap. The password line is no verb and reads as
        // base64 while the AUTH awaits its final reply: a response, counted and redacted, not an
        // unknown command pipelined after STARTTLS. The lost 334 also shifts the replies: the 220
        // answers AUTH, as far as the parser can tell.
        String password = b64(LOGIN_PASSWORD);
        List<String> all = SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: AUTH LOGIN %s<CRLF>
                S: <GAP:20>
                S: <CRLF>
                C: STARTTLS<CRLF>%s<CRLF>
                S: 220 go<CRLF>
                """.formatted(LOGIN_USER, password)).expect(
                "Greeting 220 mx @1",
                "Gap server 20 @3",
                "StartTlsRequested STARTTLS\\r\\n @5",
                "Auth LOGIN user=bob CLEARTEXT_SECRET UNKNOWN 220 ev=AUTH LOGIN <redacted 4 bytes>"
                        + "\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @5",
                "Closed fin COMMAND @7");
        assertNowhere(all, LOGIN_PASSWORD, password);
    }

    @Test
    void authLoginWhoseUserLineFellIntoAClientGap_neverTakesThePasswordForTheUser() {
        // The gap cuts the user line; the framer resyncs at its end, so the next line seen is the
        // password. It answers the second 334, and after lost client bytes no response of the
        // exchange is decoded: no user, and the lone response counts as the secret.
        String password = b64(LOGIN_PASSWORD);
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH LOGIN<CRLF>
                S: 334 VXNlcm5hbWU6<CRLF>
                C: Y
                C: <GAP:2>
                C: i<CRLF>
                S: 334 UGFzc3dvcmQ6<CRLF>
                C: %s<CRLF>
                S: 235 2.7.0 Authentication successful<CRLF>
                """.formatted(password)).expect(
                "Greeting 220 mx ESMTP @1",
                "Gap client 2 @5",
                "Auth LOGIN user=null CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH LOGIN\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @8",
                "Closed fin COMMAND @10");
        assertNowhere(all, LOGIN_PASSWORD, password);
    }

    @Test
    void clientOnlyAuthLoginWithAGapInTheUserLine_neverTakesThePasswordForTheUser() {
        // Without the server, responses are counted by the client's lines, which the gap made
        // uncertain: nothing is decoded, and the next known verb ends the exchange.
        String password = b64(LOGIN_PASSWORD);
        List<String> all = SmtpReplay.of("""
                C: EHLO c<CRLF>
                C: AUTH LOGIN<CRLF>
                C: Y
                C: <GAP:2>
                C: i<CRLF>
                C: %s<CRLF>
                C: MAIL FROM:<bob@example.org><CRLF>
                """.formatted(password)).expect(
                "Gap client 2 @4",
                "Auth LOGIN user=null CLEARTEXT_SECRET UNKNOWN null"
                        + " ev=AUTH LOGIN\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @6",
                "Anomaly server-direction-not-captured @8",
                "Closed fin COMMAND @8");
        assertNowhere(all, LOGIN_PASSWORD, password);
    }

    @Test
    void authLoginWhoseChallengesFellIntoAServerGap_countsBothResponses() {
        // Both 334s are lost: the client's lines are responses, not unknown commands queued for
        // replies, so the 235 ends the exchange with a password sent and QUIT gets the 221.
        String password = b64(LOGIN_PASSWORD);
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: AUTH LOGIN<CRLF>
                S: <GAP:40>
                S: <CRLF>
                C: %s<CRLF>
                C: %s<CRLF>
                S: 235 2.7.0 Authentication successful<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """.formatted(LOGIN_USER, password)).expect(
                "Greeting 220 mx ESMTP @1",
                "Gap server 40 @3",
                "Auth LOGIN user=bob CLEARTEXT_SECRET ACCEPTED 235 ev=AUTH LOGIN\\r\\n"
                        + "<redacted 4 bytes>\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @6",
                "Closed fin COMMAND @10");
        assertNowhere(all, LOGIN_PASSWORD, password);
    }

    @Test
    void saslResponseLongerThanTheLineLimit_isTooLongAndNotDecoded() {
        // A 60-character user name is 80 base64 characters; the line limit keeps 64 of them,
        // which would still decode, to the head of the name.
        String longUser = b64("u".repeat(60));
        List<String> all = SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: AUTH LOGIN<CRLF>
                S: 334 VXNlcm5hbWU6<CRLF>
                C: %s<CRLF>
                S: 334 UGFzc3dvcmQ6<CRLF>
                C: %s<CRLF>
                S: 235 ok<CRLF>
                """.formatted(longUser, b64(LOGIN_PASSWORD)))
                .limits(new SmtpLimits(64, 128, 256, 4096, 100)).expect(
                "Greeting 220 mx @1",
                "Anomaly line-too-long @4",
                "Anomaly sasl-response-too-long @4",
                "Auth LOGIN user=null CLEARTEXT_SECRET ACCEPTED 235 ev=AUTH LOGIN\\r\\n"
                        + "<redacted 64 bytes>\\r\\n<redacted 16 bytes>\\r\\n cmd@2 @6",
                "Closed fin COMMAND @8");
        assertNowhere(all, "uuuu");
    }

    @Test
    void longBodyLines_areReportedOncePerMessage() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: %1$s<CRLF>%1$s<CRLF>%1$s<CRLF>.<CRLF>
                S: 250 queued<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: %1$s<CRLF>.<CRLF>
                S: 250 queued<CRLF>
                """.formatted("b".repeat(40))).limits(new SmtpLimits(32, 128, 256, 4096, 2)).expect(
                "Greeting 220 mx @1",
                "MessageTransfer DATA DATA\\r\\n @2",
                "Anomaly line-too-long @4",
                "MessageTransfer DATA DATA\\r\\n @6",
                "Anomaly line-too-long @8",
                "Anomaly parser-gave-up @8",
                "Closed fin GAVE_UP @10");
    }

    @Test
    void anomalyThatEndsAMessageAfterTheParserGaveUp_doesNotRestartParsing() {
        // The second anomaly (the final reply to DATA while still in content, its end lost in a
        // gap) reaches the limit: the session stays given up, so the AUTH after it is not parsed.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: %1$s<CRLF>
                S: 500 what<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: body<CRLF>
                C: <GAP:5>
                S: 250 queued<CRLF>
                C: AUTH PLAIN %2$s<CRLF>
                S: 235 ok<CRLF>
                """.formatted("b".repeat(70), PLAIN_ALICE)).limits(new SmtpLimits(64, 128, 256, 4096, 2)).expect(
                "Greeting 220 mx @1",
                "Anomaly line-too-long @2",
                "MessageTransfer DATA DATA\\r\\n @4",
                "Gap client 5 @7",
                "Anomaly data-end-not-seen @8",
                "Anomaly parser-gave-up @8",
                "Closed fin GAVE_UP @11");
    }
}
