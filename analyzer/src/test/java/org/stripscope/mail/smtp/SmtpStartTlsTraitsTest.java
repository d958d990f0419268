package org.stripscope.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/**
 * The STARTTLS reply carries the headers of the packet that held it and of the server's packets
 * before it, as the session saw them through {@code onSegment}: the shape that tells a reply
 * injected by a middlebox (another TTL, IP ID, TCP options) from the server's own. Driven packet
 * by packet, since the traits belong to packets, not to the byte stream.
 */
class SmtpStartTlsTraitsTest {

    private static final String NOP_NOP_TS = "0101080a0000000100000002";

    private final List<MailEvent> events = new ArrayList<>();
    private final SmtpSession session = new SmtpSession(
            new SessionInfo("test.pcap", 1, Protocol.SMTP, "192.0.2.10", 50123, "198.51.100.25",
                    25, true),
            events::add, SmtpLimits.defaults(), false);
    private long frame;

    /** One packet: its headers to onSegment, then its payload (if any) to onData. */
    private void packet(boolean fromClient, int ttl, int ipId, String optionsHex, String text) {
        frame++;
        byte[] options = HexFormat.of().parseHex(optionsHex);
        byte[] payload = text.getBytes(StandardCharsets.ISO_8859_1);
        DecodedPacket p = new DecodedPacket();
        p.ipVersion = 4;
        p.ttl = ttl;
        p.ipId = ipId;
        p.frame = new byte[options.length + payload.length];
        System.arraycopy(options, 0, p.frame, 0, options.length);
        System.arraycopy(payload, 0, p.frame, options.length, payload.length);
        p.tcpOptionsOffset = 0;
        p.tcpOptionsLength = options.length;
        p.payloadOffset = options.length;
        p.payloadLength = payload.length;
        p.wirePayloadLength = payload.length;
        session.onSegment(fromClient, p, frame);
        if (payload.length > 0) {
            session.onData(fromClient, p.frame, p.payloadOffset, payload.length, frame,
                    frame * 1000);
        }
    }

    private StartTlsReplied reply() {
        session.onClose(CloseReason.FIN, frame + 1, (frame + 1) * 1000);
        return events.stream().filter(e -> e instanceof StartTlsReplied)
                .map(e -> (StartTlsReplied) e).findFirst().orElseThrow();
    }

    @Test
    void injectedGoAhead_standsOutFromTheServersEarlierPackets() {
        packet(false, 52, 30001, NOP_NOP_TS, "220 mx ESMTP\r\n");
        packet(true, 64, 1, NOP_NOP_TS, "EHLO c\r\n");
        packet(false, 52, 30002, NOP_NOP_TS, "250-mx\r\n250 STARTTLS\r\n");
        packet(true, 64, 2, NOP_NOP_TS, "STARTTLS\r\n");
        // The server's pure ACK of STARTTLS carries no data: not an earlier packet of the reply.
        packet(false, 52, 30003, NOP_NOP_TS, "");
        packet(false, 255, 0, "", "220 go ahead\r\n");
        StartTlsReplied r = reply();
        assertEquals(new PacketTraits(6, 255, 0, ""), r.replyPacket());
        assertEquals(List.of(new PacketTraits(1, 52, 30001, "nop,nop,ts"),
                new PacketTraits(3, 52, 30002, "nop,nop,ts")), r.earlierServerPackets());
    }

    @Test
    void replySpreadOverTwoPackets_isNamedByThePacketOfItsLastByte() {
        packet(false, 52, 100, "", "220 mx\r\n");
        packet(true, 64, 1, "", "STARTTLS\r\n");
        packet(false, 52, 101, "", "454 4.7.0 TLS not");
        packet(false, 52, 102, "", " available\r\n");
        StartTlsReplied r = reply();
        assertEquals(new PacketTraits(4, 52, 102, ""), r.replyPacket());
        assertEquals(List.of(new PacketTraits(1, 52, 100, ""), new PacketTraits(3, 52, 101, "")),
                r.earlierServerPackets());
    }

    @Test
    void withoutSegmentHeaders_theReplyHasNoTraits() {
        // A caller that only delivers bytes (no onSegment) gets a reply without packet headers.
        session.onData(false, "220 mx\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, 8, 1, 1000);
        session.onData(true, "STARTTLS\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, 10, 2, 2000);
        session.onData(false, "220 go\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, 8, 3, 3000);
        frame = 3;
        StartTlsReplied r = reply();
        assertNull(r.replyPacket());
        assertEquals(List.of(), r.earlierServerPackets());
    }
}
