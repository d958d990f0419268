package org.stripscope.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * The answer to STLS carries the header traits of the packet that held it and of the server's
 * earlier packets, so that an answer injected by a middlebox (another TTL, IP ID or TCP options)
 * can be told from the server's own.
 */
class Pop3SegmentTraitsTest {

    /** A server packet with data: TTL, IPv4 ID and, when {@code timestamps}, NOP NOP TS options. */
    private static DecodedPacket serverPacket(int ttl, int ipId, boolean timestamps) {
        DecodedPacket p = new DecodedPacket();
        p.ipVersion = 4;
        p.ttl = ttl;
        p.ipId = ipId;
        p.payloadLength = 10;
        p.wirePayloadLength = 10;
        p.frame = new byte[] {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
        p.tcpOptionsOffset = 0;
        p.tcpOptionsLength = timestamps ? 12 : 0;
        return p;
    }

    private static void send(Pop3Session s, boolean fromClient, String text, long frame) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        s.onData(fromClient, b, 0, b.length, frame, frame * 1000);
    }

    @Test
    void stlsAnswerFromAnotherTtl_carriesItsOwnAndTheEarlierPacketsTraits() {
        SessionInfo info = new SessionInfo("test.pcap", 1, Protocol.POP3, "192.0.2.10", 50123,
                "198.51.100.110", 110, true);
        List<MailEvent> events = new ArrayList<>();
        Pop3Session session = new Pop3Session(info, events::add, false);
        session.onSegment(false, serverPacket(57, 100, true), 1);
        send(session, false, "+OK ready\r\n", 1);
        send(session, true, "STLS\r\n", 2);
        session.onSegment(false, serverPacket(64, 7, false), 3);
        send(session, false, "+OK Begin TLS\r\n", 3);
        session.onClose(CloseReason.END_OF_CAPTURE, 4, 4000);

        StartTlsReplied reply = events.stream().filter(e -> e instanceof StartTlsReplied)
                .map(e -> (StartTlsReplied) e).findFirst().orElseThrow();
        assertEquals(new PacketTraits(3, 64, 7, ""), reply.replyPacket());
        assertEquals(List.of(new PacketTraits(1, 57, 100, "nop,nop,ts")),
                reply.earlierServerPackets());
    }
}
