package org.stripscope.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.PacketTraits;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.tcp.CloseReason;

/** The small readers of IMAP syntax, and the packet traits a STARTTLS reply carries. */
class ImapParsingTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static LiteralMarker marker(String line) {
        LiteralMarker m = new LiteralMarker();
        byte[] b = ascii(line);
        m.parse(b, 0, b.length);
        return m;
    }

    @Test
    void literalMarkers_areReadOnlyAtTheLineEnd() {
        LiteralMarker sync = marker("a LOGIN {5}");
        assertTrue(sync.present());
        assertEquals(5, sync.size());
        assertFalse(sync.nonSynchronizing());
        assertEquals(8, sync.start());

        LiteralMarker plus = marker("a APPEND x {310+}");
        assertTrue(plus.present());
        assertEquals(310, plus.size());
        assertTrue(plus.nonSynchronizing());

        LiteralMarker binary = marker("a APPEND x ~{12}");
        assertTrue(binary.present());
        assertEquals(11, binary.start(), "a literal8 marker starts at its tilde");

        assertFalse(marker("a LOGIN {5} x").present());
        assertFalse(marker("a LOGIN {}").present());
        assertFalse(marker("a LOGIN 5}").present());
        assertFalse(marker("a LOGIN {5x}").present());
        assertTrue(marker("* 1 FETCH (BODY[] {12345678901234567890}").tooLarge(),
                "20 digits exceed number64");
    }

    @Test
    void bodySections_countOnlyMessageContent() {
        for (String yes : List.of("* 1 FETCH (BODY[] ", "* 1 FETCH (BODY[TEXT] ",
                "* 1 FETCH (BODY[1.2] ", "* 1 FETCH (BODY[]<0> ", "* 1 FETCH (RFC822 ",
                "* 1 FETCH (UID 4 rfc822.text ", "* 1 FETCH (BINARY[1] ")) {
            byte[] b = ascii(yes + "{10}");
            assertTrue(ImapServerReader.isBodySection(b, b.length - 4), yes);
        }
        for (String no : List.of("* 1 FETCH (BODY[HEADER] ", "* 1 FETCH (BODY[1.MIME] ",
                "* 1 FETCH (BODY[HEADER.FIELDS (FROM TO)] ", "* 1 FETCH (RFC822.HEADER ",
                "* 1 FETCH (ENVELOPE (NIL ")) {
            byte[] b = ascii(no + "{10}");
            assertFalse(ImapServerReader.isBodySection(b, b.length - 4), no);
        }
    }

    @Test
    void maskedVerb_isOnlyXsOfEitherCase() {
        ImapCommand cmd = new ImapCommand();
        org.stripscope.mail.LineFramer framer = new org.stripscope.mail.LineFramer();
        for (String[] c : new String[][] {{"a XXXXXXXX\r\n", "true"}, {"a xxXX\r\n", "true"},
                {"a XLIST\r\n", "false"}, {"XXXX NOOP\r\n", "false"}, {"a X\r\n", "false"}}) {
            byte[] b = ascii(c[0]);
            framer.begin(b, 0, b.length, 1, 1);
            assertEquals(Boolean.parseBoolean(c[1]), cmd.wrap(framer.nextLine()).masked(), c[0]);
        }
    }

    @Test
    void startTlsReply_carriesTheServerPacketsTraits() {
        SessionInfo info = new SessionInfo("t.pcap", 1, Protocol.IMAP, "192.0.2.1", 40000,
                "198.51.100.1", 143, true);
        List<MailEvent> events = new ArrayList<>();
        ImapSession session = new ImapSession(info, events::add, false);
        // TCP options: nop, nop, timestamps (kind 8, length 10).
        byte[] options = HexFormat.of().parseHex("0101080a0000000100000002");
        send(session, false, 1, 64, 100, options, "* OK ready\r\n");
        send(session, true, 2, 128, 7, options, "a STARTTLS\r\n");
        // The reply comes with another TTL and no options: as a middlebox would send it.
        send(session, false, 3, 250, 4242, new byte[0], "a OK Begin TLS\r\n");
        session.onClose(CloseReason.FIN, 4, 4000);
        StartTlsReplied reply = events.stream().filter(e -> e instanceof StartTlsReplied)
                .map(e -> (StartTlsReplied) e).findFirst().orElseThrow();
        assertEquals(new PacketTraits(3, 250, 4242, ""), reply.replyPacket());
        assertEquals(List.of(new PacketTraits(1, 64, 100, "nop,nop,ts")),
                reply.earlierServerPackets());
    }

    @Test
    void startTlsReplyWithoutSegments_hasNoTraits() {
        SessionInfo info = new SessionInfo("t.pcap", 1, Protocol.IMAP, "192.0.2.1", 40000,
                "198.51.100.1", 143, true);
        List<MailEvent> events = new ArrayList<>();
        ImapSession session = new ImapSession(info, events::add, false);
        byte[] c = ascii("a STARTTLS\r\n");
        byte[] s = ascii("a NO not now\r\n");
        session.onData(true, c, 0, c.length, 1, 1000);
        session.onData(false, s, 0, s.length, 2, 2000);
        StartTlsReplied reply = events.stream().filter(e -> e instanceof StartTlsReplied)
                .map(e -> (StartTlsReplied) e).findFirst().orElseThrow();
        assertNull(reply.replyPacket());
        assertEquals(List.of(), reply.earlierServerPackets());
    }

    private static void send(ImapSession session, boolean fromClient, long frame, int ttl,
                             int ipId, byte[] options, String payload) {
        byte[] data = ascii(payload);
        DecodedPacket p = new DecodedPacket();
        p.ipVersion = 4;
        p.ttl = ttl;
        p.ipId = ipId;
        p.frame = new byte[options.length + data.length];
        System.arraycopy(options, 0, p.frame, 0, options.length);
        System.arraycopy(data, 0, p.frame, options.length, data.length);
        p.tcpOptionsOffset = 0;
        p.tcpOptionsLength = options.length;
        p.payloadOffset = options.length;
        p.payloadLength = data.length;
        p.wirePayloadLength = data.length;
        session.onSegment(fromClient, p, frame);
        session.onData(fromClient, data, 0, data.length, frame, frame * 1000);
    }

    @Test
    void responses_areReadWithTheirCodes() {
        ImapResponse r = new ImapResponse();
        org.stripscope.mail.LineFramer framer = new org.stripscope.mail.LineFramer();
        byte[] b = ascii("* OK[CAPABILITY IMAP4rev1] hi\r\na1 no [ALERT] x\r\n+ idling\r\n"
                + "* 12 FETCH (FLAGS ())\r\nfoo bar\r\n* PREAUTH\r\n");
        framer.begin(b, 0, b.length, 1, 1);
        r.wrap(framer.nextLine());
        assertEquals(ImapResponse.Kind.UNTAGGED, r.kind());
        assertEquals(ImapResponse.Status.OK, r.status());
        assertTrue(r.codeIs("CAPABILITY"), "a code right after the status word");
        assertEquals("hi", r.text());
        assertEquals("[CAPABILITY IMAP4rev1] hi", r.textAfterWord());
        r.wrap(framer.nextLine());
        assertEquals(ImapResponse.Kind.TAGGED, r.kind());
        assertEquals(ImapResponse.Status.NO, r.status(), "status words in any case");
        assertEquals(2, r.tagEnd());
        assertTrue(r.codeIs("ALERT"));
        r.wrap(framer.nextLine());
        assertEquals(ImapResponse.Kind.CONTINUATION, r.kind());
        r.wrap(framer.nextLine());
        assertTrue(r.numbered());
        assertTrue(r.wordIs("FETCH"));
        assertFalse(r.isStatus());
        r.wrap(framer.nextLine());
        assertEquals(ImapResponse.Kind.MALFORMED, r.kind(), "a tagged line needs OK, NO or BAD");
        r.wrap(framer.nextLine());
        assertEquals(ImapResponse.Status.PREAUTH, r.status());
        assertEquals("", r.text());
    }
}
