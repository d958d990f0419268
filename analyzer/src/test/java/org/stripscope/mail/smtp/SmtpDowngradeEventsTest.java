package org.stripscope.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.tcp.CloseReason;

/**
 * The events that show a STARTTLS downgrade or a plaintext session where TLS was due: plaintext
 * crossing a STARTTLS exchange, masked commands, message transfers, plaintext on an implicit-TLS
 * port, and how the TLS handshake that began ended. Each transcript is replayed whole, byte by byte
 * and at every split point (see {@link SmtpReplay}); frames are the transcript line numbers.
 *
 * <p>TLS records are written whole: a five-byte header (type, version, length), then as many
 * bytes as the length says. "16030100050100000100" is a handshake record of five bytes (a stand-in
 * ClientHello), "15030300020230" a fatal alert 48 (unknown_ca), "15030300020228" a fatal alert 40
 * (handshake_failure).
 */
class SmtpDowngradeEventsTest {

    private static final String CLIENT_HELLO = "<HEX:16030100050100000100>";
    private static final String SERVER_HELLO = "<HEX:16030300050200000100>";
    /** "\0alice\0wonderland": 17 bytes, so 24 base64 characters. */
    private static final String PLAIN_ALICE = Base64.getEncoder().encodeToString(
            "\0alice\0wonderland".getBytes(StandardCharsets.ISO_8859_1));

    private static void assertNowhere(List<String> events, String... secrets) {
        for (String event : events) {
            for (String secret : secrets) {
                assertFalse(event.contains(secret), "secret in event: " + event);
            }
        }
    }

    // ---- plaintext across STARTTLS: server side ----

    @Test
    void replyInjectedBehindTheGoAhead_isServerPlaintextAfterStarttls() {
        // "250 injected\r\n" is 14 bytes, sent in the go-ahead's flight before the ClientHello.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 STARTTLS<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go ahead<CRLF>250 injected<CRLF>
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO)).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [STARTTLS] lines=[STARTTLS] first@3 @3",
                "StartTlsRequested STARTTLS\\r\\n @4",
                "StartTlsReplied 220 accepted @5",
                "Anomaly reply-without-command @5",
                "PlaintextAfterStartTls server 14 250 injected\\r\\n @5",
                "TlsConfirmed client @6",
                "TlsHandshakeFailed close connection closed during the TLS handshake start@6 @8",
                "Closed fin TLS @8");
    }

    @Test
    void serverLinesInLaterSegmentsBeforeTheClientHello_areAddedUp() {
        // "250 one\r\n" and "250 two\r\n": 9 bytes each; the first is the evidence.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                S: 250 one<CRLF>
                S: 250 two<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).closedBy(CloseReason.END_OF_CAPTURE).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "Anomaly reply-without-command @4",
                "Anomaly reply-without-command @5",
                "PlaintextAfterStartTls server 18 250 one\\r\\n @4",
                "TlsConfirmed client @6",
                "Closed end_of_capture TLS @7");
    }

    @Test
    void unfinishedServerLineWhenTheClientHelloComes_isCountedToo() {
        // "250 inj" has no line end yet when the client starts TLS: 7 bytes, never a reply.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>250 inj
                C: %s
                """.formatted(CLIENT_HELLO)).closedBy(CloseReason.END_OF_CAPTURE).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "PlaintextAfterStartTls server 7 250 inj @3",
                "TlsConfirmed client @4",
                "Closed end_of_capture TLS @5");
    }

    @Test
    void goAheadFollowedBySilence_isNoServerPlaintext() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: %s
                S: %s
                """.formatted(CLIENT_HELLO, SERVER_HELLO)).closedBy(CloseReason.END_OF_CAPTURE)
                .expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "Closed end_of_capture TLS @6");
    }

    @Test
    void injectedReplyThenPlaintextClient_isSaidBeforeTlsNotFollowed() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>250 injected<CRLF>
                C: EHLO c<CRLF>
                S: 250 mx<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "Anomaly reply-without-command @3",
                "PlaintextAfterStartTls server 14 250 injected\\r\\n @3",
                "TlsNotFollowed client EHLO c\\r\\n @4",
                "Capabilities EHLO [] lines=[] first@5 @5",
                "Closed fin COMMAND @6");
    }

    @Test
    void serverPlaintextAfterTheClientHello_isTlsNotFollowedNotInjection() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: %s
                S: 250 late<CRLF>
                """.formatted(CLIENT_HELLO)).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "TlsNotFollowed server 250 late\\r\\n @5",
                "Closed fin TLS @6");
    }

    // ---- plaintext across STARTTLS: client side ----

    @Test
    void authPipelinedBehindARefusedStarttls_isCountedWithItsSecretRedacted() {
        // "AUTH PLAIN " + 24 + CRLF = 37 bytes.
        List<String> all = SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>AUTH PLAIN %s<CRLF>
                S: 454 4.7.0 TLS not available<CRLF>235 ok<CRLF>
                """.formatted(PLAIN_ALICE)).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "Anomaly command-after-starttls @2",
                "PlaintextAfterStartTls client 37 AUTH PLAIN <redacted 24 bytes>\\r\\n @2",
                "StartTlsReplied 454 refused @3",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@2 @2",
                "Closed fin COMMAND @4");
        assertNowhere(all, "wonderland", PLAIN_ALICE);
    }

    @Test
    void starttlsNeverAnswered_saysItsPipelinedCommandsAtTheClose() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>NOOP<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "Anomaly command-after-starttls @2",
                "PlaintextAfterStartTls client 6 NOOP\\r\\n @2",
                "Closed fin COMMAND @3");
    }

    @Test
    void clientOnlyCommandAfterStarttls_isOnlyAnAnomaly() {
        // Without the server no reply bounds the exchange: the NOOP may follow an unseen 454.
        SmtpReplay.of("""
                C: STARTTLS<CRLF>NOOP<CRLF>
                """).expect(
                "StartTlsRequested STARTTLS\\r\\n @1",
                "Anomaly command-after-starttls @1",
                "Anomaly server-direction-not-captured @2",
                "Closed fin COMMAND @2");
    }

    @Test
    void starttlsReplyPossiblyLostInAGap_leavesLaterCommandsUncounted() {
        // The lost server bytes may have held the 454: the NOOP may have followed it, and the
        // 250 that then answers STARTTLS as far as the parser can tell was NOOP's.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: <GAP:14>
                S: <CRLF>
                C: NOOP<CRLF>
                S: 250 ok<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "Gap server 14 @3",
                "Anomaly command-after-starttls @5",
                "StartTlsReplied 250 refused @6",
                "Closed fin COMMAND @7");
    }

    @Test
    void twoPipelinedStarttls_eachReplySaysWhatCameBeforeIt() {
        // The second STARTTLS (10 bytes) and the NOOP (6) come behind the first; after its reply
        // nothing more is sent behind the second.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>STARTTLS<CRLF>NOOP<CRLF>
                S: 454 no<CRLF>454 no<CRLF>250 ok<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "Anomaly command-after-starttls @2",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "Anomaly command-after-starttls @2",
                "PlaintextAfterStartTls client 16 STARTTLS\\r\\n @2",
                "StartTlsReplied 454 refused @3",
                "StartTlsReplied 454 refused @3",
                "Closed fin COMMAND @4");
    }

    // ---- masked commands ----

    @Test
    void commandOfXs_isMaskedAndStillAnswered() {
        // Cisco ASA's shape: the EHLO keyword and the command both overwritten with X's.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250-XXXXXXXA<CRLF>250 8BITMIME<CRLF>
                C: XXXXXXXX<CRLF>
                S: 500 5.5.1 command unrecognized<CRLF>
                C: xxxx x<CRLF>XXX<CRLF>XXXXXXXA<CRLF>
                S: 500 unrecognized<CRLF>500 unrecognized<CRLF>500 unrecognized<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Capabilities EHLO [XXXXXXXA, 8BITMIME] lines=[XXXXXXXA, 8BITMIME] first@3 @3",
                "CommandMasked XXXXXXXX XXXXXXXX\\r\\n @4",
                "CommandMasked xxxx xxxx x\\r\\n @6",
                "Closed fin COMMAND @10");
    }

    @Test
    void xsInsideMessageContent_areNoCommand() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: DATA<CRLF>
                S: 354 go<CRLF>
                C: XXXXXXXX<CRLF>.<CRLF>
                S: 250 queued<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "MessageTransfer DATA DATA\\r\\n @2",
                "Closed fin COMMAND @6");
    }

    // ---- message transfers ----

    @Test
    void dataRefused_isNoTransfer() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: DATA<CRLF>
                S: 554 5.5.1 no valid recipients<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Closed fin COMMAND @6");
    }

    @Test
    void bdatMessages_areSaidOnceEachAndRsetEndsAnOpenOne() {
        // "BDAT 3" never got its LAST: RSET ends that message, and "BDAT 0 LAST" is another.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: BDAT 3<CRLF>abc
                S: 250 3 octets<CRLF>
                C: BDAT 2<CRLF>de
                S: 250 2 octets<CRLF>
                C: RSET<CRLF>
                S: 250 ok<CRLF>
                C: BDAT 0 LAST<CRLF>
                S: 250 0 octets<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "MessageTransfer BDAT BDAT 3\\r\\n @2",
                "MessageTransfer BDAT BDAT 0 LAST\\r\\n @8",
                "Closed fin COMMAND @10");
    }

    @Test
    void bdatRefusedBeforeItsChunk_isNoTransfer() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: BDAT 50<CRLF>
                S: 503 5.5.1 Error: need RCPT command<CRLF>
                C: QUIT<CRLF>
                S: 221 bye<CRLF>
                """).expect(
                "Greeting 220 mx @1",
                "Anomaly bdat-chunk-cut-by-reply @3",
                "Closed fin COMMAND @6");
    }

    // ---- implicit TLS port in plaintext ----

    @Test
    void plaintextGreetingOnPort465_isImplicitTlsPlaintextAndAuthIsStillSeen() {
        List<String> all = SmtpReplay.of("""
                S: 220 mx ESMTP<CRLF>
                C: EHLO c<CRLF>
                S: 250-mx<CRLF>250 AUTH PLAIN<CRLF>
                C: AUTH PLAIN %s<CRLF>
                S: 235 ok<CRLF>
                """.formatted(PLAIN_ALICE)).implicitTls().expect(
                "ImplicitTlsPlaintext server 220 mx ESMTP\\r\\n @1",
                "Greeting 220 mx ESMTP @1",
                "Capabilities EHLO [AUTH] lines=[AUTH PLAIN] first@3 @3",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@4 @4",
                "Closed fin COMMAND @6");
        assertNowhere(all, "wonderland", PLAIN_ALICE);
    }

    @Test
    void plaintextAuthAsTheFirstClientBytesOn465_isImplicitTlsPlaintextWithTheSecretRedacted() {
        List<String> all = SmtpReplay.of("""
                C: AUTH PLAIN %s<CRLF>
                S: 235 ok<CRLF>
                """.formatted(PLAIN_ALICE)).implicitTls().expect(
                "ImplicitTlsPlaintext client AUTH PLAIN <redacted 24 bytes>\\r\\n @1",
                "Auth PLAIN user=alice CLEARTEXT_SECRET ACCEPTED 235"
                        + " ev=AUTH PLAIN <redacted 24 bytes>\\r\\n cmd@1 @1",
                "Closed fin COMMAND @3");
        assertNowhere(all, "wonderland", PLAIN_ALICE);
    }

    @Test
    void midSessionCaptureOn465_saysNoImplicitTlsPlaintext() {
        // The first bytes seen are not the connection's first: they could be inside a record.
        SmtpReplay.of("""
                C: NOOP<CRLF>
                S: 250 ok<CRLF>
                """).implicitTls().midSession().expect(
                "Closed fin COMMAND @3");
    }

    // ---- the TLS handshake after the start ----

    @Test
    void clientAlertAfterTheServerHello_isAFailedHandshake() {
        // Misplaced record boundaries (held header bytes not handed on) would hide the alert.
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: %s
                S: %s
                C: <HEX:15030300020230>
                """.formatted(CLIENT_HELLO, SERVER_HELLO)).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed client-alert client alert fatal 48 start@4 @6",
                "Closed fin TLS @7");
    }

    @Test
    void alertInTheChunkThatOpenedTls_isRead() {
        SmtpReplay.of("""
                C: <HEX:1603010005010000010015030300020230>
                S: %s
                """.formatted(SERVER_HELLO)).implicitTls().expect(
                "TlsConfirmed client @1",
                "TlsHandshakeFailed client-alert client alert fatal 48 start@1 @1",
                "Closed fin TLS @3");
    }

    @Test
    void serverHelloBytesHeldWhenTheClientConfirms_reachTheWatch() {
        // The server's first two bytes wait in its probe when the ClientHello decides.
        SmtpReplay.of("""
                S: <HEX:1603>
                C: %s
                S: <HEX:0300050200000100>
                S: <HEX:15030300020228>
                """.formatted(CLIENT_HELLO)).implicitTls().expect(
                "TlsConfirmed client @2",
                "TlsHandshakeFailed server-alert server alert fatal 40 start@2 @4",
                "Closed fin TLS @5");
    }

    @Test
    void clientHelloBytesHeldWhenTheServerConfirms_reachTheWatch() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: <HEX:1603>
                S: %s
                C: <HEX:0100050100000100>
                C: <HEX:15030300020230>
                """.formatted(SERVER_HELLO)).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed server @5",
                "TlsHandshakeFailed client-alert client alert fatal 48 start@5 @7",
                "Closed fin TLS @8");
    }

    @Test
    void resetDuringTheHandshake_isAFailedHandshake() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: %s
                """.formatted(CLIENT_HELLO)).closedBy(CloseReason.RST).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "TlsHandshakeFailed rst connection reset during the TLS handshake start@4 @5",
                "Closed rst TLS @5");
    }

    @Test
    void gapDuringTheHandshake_givesNoVerdict() {
        SmtpReplay.of("""
                S: 220 mx<CRLF>
                C: STARTTLS<CRLF>
                S: 220 go<CRLF>
                C: %s
                S: <GAP:100>
                C: <HEX:15030300020230>
                """.formatted(CLIENT_HELLO)).expect(
                "Greeting 220 mx @1",
                "StartTlsRequested STARTTLS\\r\\n @2",
                "StartTlsReplied 220 accepted @3",
                "TlsConfirmed client @4",
                "Closed fin TLS @7");
    }
}
