package org.stripscope.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.TlsHandshakeFailed;
import org.stripscope.tcp.CloseReason;

/**
 * The handshake watch, fed record by record as the two directions of a connection would deliver
 * them. Records are written as hex: a five-byte header (RFC 8446 §5.1: type, legacy version,
 * length) and a body of that length; bodies are filler, since only headers and plaintext alert
 * bodies are read. Each flight is one call (one frame, numbered from 1); every test is also
 * replayed with each flight fed one byte per call, and must give the same verdict.
 */
class TlsHandshakeWatchTest {

    private static final String CLIENT_HELLO = "1603010008" + "0100000401020304";
    private static final String SERVER_HELLO = "1603030006" + "020000020000";
    private static final String CERTIFICATE = "1603030004" + "0b000000";
    private static final String SERVER_HELLO_DONE = "1603030004" + "0e000000";
    private static final String CLIENT_KEY_EXCHANGE = "1603030004" + "10000000";
    private static final String CHANGE_CIPHER_SPEC = "140303000101";
    /** An encrypted handshake record (Finished in TLS 1.2): type 22, opaque body. */
    private static final String ENCRYPTED_FINISHED = "1603030008" + "a1a2a3a4a5a6a7a8";
    private static final String APPLICATION_DATA = "1703030006" + "b1b2b3b4b5b6";

    /** One direction's bytes in one frame. */
    private record Flight(boolean fromClient, String hex) {
    }

    private static Flight client(String... records) {
        return new Flight(true, String.join("", records));
    }

    private static Flight server(String... records) {
        return new Flight(false, String.join("", records));
    }

    private static final SessionInfo INFO = new SessionInfo("test.pcap", 1,
            Protocol.SMTP, "192.0.2.10", 50123, "198.51.100.25", 25, true);

    /**
     * Runs the flights (TLS starting in frame 1) then the close, in whole flights and byte by
     * byte, checks both agree, and returns the events of the whole run as text.
     */
    private static List<String> run(CloseReason close, Flight... flights) {
        List<String> whole = feed(false, close, flights);
        List<String> bytewise = feed(true, close, flights);
        assertEquals(whole, bytewise, "byte-by-byte replay");
        return whole;
    }

    private static List<String> feed(boolean bytewise, CloseReason close, Flight... flights) {
        List<MailEvent> events = new ArrayList<>();
        TlsHandshakeWatch watch = new TlsHandshakeWatch(INFO, events::add);
        watch.start(1);
        long frame = 0;
        for (Flight f : flights) {
            frame++;
            byte[] bytes = HexFormat.of().parseHex(f.hex());
            if (bytewise) {
                for (byte b : bytes) {
                    watch.onData(f.fromClient(), new byte[] {b}, 0, 1, frame, frame * 1000);
                }
            } else {
                // An offset inside a larger array, as a chunk of a reassembled stream would be.
                byte[] framed = new byte[bytes.length + 6];
                System.arraycopy(bytes, 0, framed, 3, bytes.length);
                watch.onData(f.fromClient(), framed, 3, bytes.length, frame, frame * 1000);
            }
        }
        watch.onClose(close, frame + 1, (frame + 1) * 1000);
        List<String> out = new ArrayList<>();
        for (MailEvent e : events) {
            TlsHandshakeFailed t = (TlsHandshakeFailed) e;
            assertEquals(t.frame() * 1000, t.timeMicros(), "time of the frame");
            out.add(t.how() + " | " + t.evidence() + " | start@" + t.startFrame() + " @" + t.frame());
        }
        return out;
    }

    @Test
    void tls12HandshakeAnsweredWithApplicationData_isCompleteAndTheCloseSaysNothing() {
        assertEquals(List.of(), run(CloseReason.FIN,
                client(CLIENT_HELLO),
                server(SERVER_HELLO, CERTIFICATE, SERVER_HELLO_DONE),
                client(CLIENT_KEY_EXCHANGE, CHANGE_CIPHER_SPEC, ENCRYPTED_FINISHED),
                server(CHANGE_CIPHER_SPEC, ENCRYPTED_FINISHED),
                client(APPLICATION_DATA),
                server(APPLICATION_DATA)));
    }

    @Test
    void tls12HandshakeWhereTheServerSpeaksFirstAndTheClientLeaves_isComplete() {
        // IMAPS (zeek/telesec-imaps-993.pcap): full TLS 1.2 handshake, the server's protected
        // greeting, then the client's protected close_notify and FIN, no client data at all.
        assertEquals(List.of(), run(CloseReason.FIN,
                client(CLIENT_HELLO),
                server(SERVER_HELLO, CERTIFICATE, SERVER_HELLO_DONE),
                client(CLIENT_KEY_EXCHANGE, CHANGE_CIPHER_SPEC, ENCRYPTED_FINISHED),
                server(CHANGE_CIPHER_SPEC, ENCRYPTED_FINISHED),
                server(APPLICATION_DATA),
                client("1503030006c1c2c3c4c5c6")));
    }

    @Test
    void tls13HandshakeWithSessionTicket_isCompleteAndTheCloseSaysNothing() {
        // RFC 8446 §5: after the ServerHello every record is application data (type 23), with a
        // compatibility change_cipher_spec (Appendix D.4); the client's Finished is type 23 too,
        // and the session ticket after it is the server's first type 23 that answers the client.
        assertEquals(List.of(), run(CloseReason.RST,
                client(CLIENT_HELLO),
                server(SERVER_HELLO, CHANGE_CIPHER_SPEC, APPLICATION_DATA, APPLICATION_DATA),
                client(CHANGE_CIPHER_SPEC, APPLICATION_DATA),
                server(APPLICATION_DATA)));
    }

    @Test
    void tls13ClientThatRejectsTheCertificate_isAFailureAtTheClose() {
        // The client's alert is encrypted (type 23): only the missing answer shows the failure.
        assertEquals(List.of("close | connection closed during the TLS handshake | start@1 @4"),
                run(CloseReason.FIN,
                        client(CLIENT_HELLO),
                        server(SERVER_HELLO, CHANGE_CIPHER_SPEC, APPLICATION_DATA),
                        client(CHANGE_CIPHER_SPEC, APPLICATION_DATA)));
    }

    @Test
    void clientAlert_isAFailureNamedByLevelAndDescription() {
        // Alert level 2 (fatal), description 48 (unknown_ca), RFC 8446 §6.
        assertEquals(List.of("client-alert | client alert fatal 48 | start@1 @3"),
                run(CloseReason.FIN,
                        client(CLIENT_HELLO),
                        server(SERVER_HELLO, CERTIFICATE, SERVER_HELLO_DONE),
                        client("15030300020230")));
    }

    @Test
    void serverAlert_isAFailureNamedByLevelAndDescription() {
        // 40 is handshake_failure: no cipher suite in common, a typical downgrade-era answer.
        assertEquals(List.of("server-alert | server alert fatal 40 | start@1 @2"),
                run(CloseReason.FIN,
                        client(CLIENT_HELLO),
                        server("15030100020228")));
    }

    @Test
    void warningAlertBeforeCompletion_isAFailureToo() {
        // close_notify (level 1, description 0) before any answer to the client's data.
        assertEquals(List.of("client-alert | client alert warning 0 | start@1 @3"),
                run(CloseReason.FIN,
                        client(CLIENT_HELLO),
                        server(SERVER_HELLO),
                        client("15030300020100")));
    }

    @Test
    void encryptedAlert_isAFailureWithoutDetails() {
        // An alert body longer than two bytes is protected: level and description are unknown.
        assertEquals(List.of("server-alert | server alert | start@1 @4"),
                run(CloseReason.FIN,
                        client(CLIENT_HELLO),
                        server(SERVER_HELLO, CHANGE_CIPHER_SPEC, ENCRYPTED_FINISHED),
                        client(CHANGE_CIPHER_SPEC, ENCRYPTED_FINISHED),
                        server("1503030006c1c2c3c4c5c6")));
    }

    @Test
    void alertAfterCompletion_isNoFailure() {
        assertEquals(List.of(), run(CloseReason.FIN,
                client(CLIENT_HELLO),
                server(SERVER_HELLO),
                client(APPLICATION_DATA),
                server(APPLICATION_DATA),
                client("15030300020100")));
    }

    @Test
    void resetBeforeCompletion_isAFailure() {
        assertEquals(List.of("rst | connection reset during the TLS handshake | start@1 @2"),
                run(CloseReason.RST, client(CLIENT_HELLO)));
    }

    @Test
    void finBeforeCompletion_isAFailure() {
        assertEquals(List.of("close | connection closed during the TLS handshake | start@1 @3"),
                run(CloseReason.FIN, client(CLIENT_HELLO), server(SERVER_HELLO)));
    }

    @Test
    void serverApplicationDataBeforeTheClientsFirst_doesNotComplete() {
        // Only an answer to the client's protected data shows both sides got through.
        assertEquals(List.of("close | connection closed during the TLS handshake | start@1 @3"),
                run(CloseReason.FIN,
                        client(CLIENT_HELLO),
                        server(SERVER_HELLO, APPLICATION_DATA)));
    }

    @Test
    void endOfCaptureOrTimeout_givesNoVerdict() {
        for (CloseReason reason : new CloseReason[] {CloseReason.END_OF_CAPTURE,
                CloseReason.IDLE_TIMEOUT, CloseReason.EVICTED, CloseReason.PORT_REUSE}) {
            assertEquals(List.of(), run(reason, client(CLIENT_HELLO), server(SERVER_HELLO)),
                    reason.name());
        }
    }

    @Test
    void recordsSplitAcrossCallsAnywhere_giveTheSameVerdict() {
        // Header and alert body cut at every position, in two calls of one frame.
        byte[] all = HexFormat.of().parseHex(SERVER_HELLO + "15030300020228");
        for (int cut = 1; cut < all.length; cut++) {
            List<MailEvent> events = new ArrayList<>();
            TlsHandshakeWatch watch = new TlsHandshakeWatch(INFO, events::add);
            watch.start(1);
            watch.onData(true, HexFormat.of().parseHex(CLIENT_HELLO), 0, 13, 1, 1000);
            watch.onData(false, all, 0, cut, 2, 2000);
            watch.onData(false, all, cut, all.length - cut, 3, 3000);
            assertEquals(1, events.size(), "cut at " + cut);
            TlsHandshakeFailed f = (TlsHandshakeFailed) events.get(0);
            assertEquals("server alert fatal 40", f.evidence(), "cut at " + cut);
            assertEquals(3, f.frame(), "the frame that completed the alert, cut at " + cut);
            assertTrue(watch.done());
        }
    }

    @Test
    void plaintextInsteadOfRecords_makesTheWatchGiveUp() {
        // "220 ok\r\n": type 0x32 is no TLS content type; the close then says nothing.
        TlsHandshakeWatch watch = new TlsHandshakeWatch(INFO, e -> {
            throw new AssertionError("no event expected: " + e);
        });
        watch.start(1);
        watch.onData(true, HexFormat.of().parseHex(CLIENT_HELLO), 0, 13, 1, 1000);
        assertFalse(watch.done());
        byte[] text = "220 ok\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        watch.onData(false, text, 0, text.length, 2, 2000);
        assertTrue(watch.done());
        watch.onClose(CloseReason.RST, 3, 3000);
    }

    @Test
    void headerOffTheGrammar_makesTheWatchGiveUp() {
        // Version major 2 (an SSLv2-style header), then a length beyond 2^14 + 2048.
        for (String header : new String[] {"1602010005", "1603034801"}) {
            List<MailEvent> events = new ArrayList<>();
            TlsHandshakeWatch watch = new TlsHandshakeWatch(INFO, events::add);
            watch.start(1);
            byte[] bytes = HexFormat.of().parseHex(header);
            watch.onData(false, bytes, 0, bytes.length, 1, 1000);
            assertTrue(watch.done(), header);
            watch.onClose(CloseReason.FIN, 2, 2000);
            assertEquals(List.of(), events, header);
        }
    }

    @Test
    void gap_givesNoVerdict() {
        List<MailEvent> events = new ArrayList<>();
        TlsHandshakeWatch watch = new TlsHandshakeWatch(INFO, events::add);
        watch.start(1);
        watch.onData(true, HexFormat.of().parseHex(CLIENT_HELLO), 0, 13, 1, 1000);
        watch.onGap(false);
        byte[] alert = HexFormat.of().parseHex("15030300020228");
        watch.onData(false, alert, 0, alert.length, 3, 3000);
        watch.onClose(CloseReason.RST, 4, 4000);
        assertEquals(List.of(), events);
    }

    @Test
    void watchNotStarted_ignoresEverything() {
        List<MailEvent> events = new ArrayList<>();
        TlsHandshakeWatch watch = new TlsHandshakeWatch(INFO, events::add);
        byte[] alert = HexFormat.of().parseHex("15030300020228");
        watch.onData(false, alert, 0, alert.length, 1, 1000);
        watch.onClose(CloseReason.RST, 2, 2000);
        assertEquals(List.of(), events);
        assertFalse(watch.done());
    }
}
