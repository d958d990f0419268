package org.stripscope.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.tcp.CloseReason;

/**
 * Malformed input never escapes the session: seeded random conversations made of POP3 pieces,
 * TLS record headers, binary noise and gaps, cut at random points, end with exactly one
 * {@link SessionClosed} and nothing thrown.
 */
class Pop3RobustnessTest {

    private static final String[] CLIENT_PIECES = {
        "USER alice\r\n", "PASS x y\r\n", "APOP a b\r\n", "AUTH\r\n", "AUTH PLAIN\r\n",
        "AUTH LOGIN YWxpY2U=\r\n", "AUTH XOAUTH2 =\r\n", "*\r\n", "YWxpY2U=\r\n", "STLS\r\n",
        "CAPA\r\n", "RETR 1\r\n", "TOP 1 0\r\n", "LIST\r\n", "UIDL\r\n", "XXXX\r\n", "QUIT\r\n",
        "\n", "\r", ".\r\n", "stls\n", "\u0016\u0003\u0001\u0000\u0002\u0001\u0000",
        "\u0015\u0003\u0003\u0000\u0002\u0002\u0028", "\u0017\u0003\u0003\u0000\u0001\u00ff",
    };
    private static final String[] SERVER_PIECES = {
        "+OK ready <1.2@x>\r\n", "+OK\r\n", "-ERR no\r\n", "+ \r\n", "+ VXNlcm5hbWU6\r\n",
        "STLS\r\n", "SASL PLAIN\r\n", ".\r\n", "..x\r\n", "+OK Logged in.\r\n", "body\r\n",
        "\r\n", "\u0016\u0003\u0003\u0000\u0002\u0002\u0000", "\u0015\u0003\u0003\u0000\u0002\u0002\u0030",
        "\u0017\u0003\u0003\u0000\u0001\u00ff", "\u00ff\u0000\n",
    };

    @Test
    void randomConversations_neverThrowAndEndWithOneClose() {
        Random random = new Random(1939);
        for (int run = 0; run < 400; run++) {
            boolean implicit = random.nextInt(3) == 0;
            SessionInfo info = new SessionInfo("fuzz.pcap", run, Protocol.POP3, "192.0.2.10", 50000,
                    "198.51.100.110", implicit ? 995 : 110, random.nextBoolean());
            List<MailEvent> events = new ArrayList<>();
            Pop3Limits limits = random.nextBoolean() ? Pop3Limits.DEFAULTS
                    : new Pop3Limits(16 + random.nextInt(32), 1 + random.nextInt(4),
                            1 + random.nextInt(3), 1 + random.nextInt(16), 1 + random.nextInt(20));
            Pop3Session session = new Pop3Session(info, events::add, implicit, limits);
            long frame = 0;
            int segments = random.nextInt(40);
            for (int i = 0; i < segments; i++) {
                frame++;
                boolean fromClient = random.nextBoolean();
                if (random.nextInt(15) == 0) {
                    session.onGap(fromClient, 1 + random.nextInt(100), frame, frame);
                    continue;
                }
                byte[] data = segment(random, fromClient ? CLIENT_PIECES : SERVER_PIECES);
                session.onData(fromClient, data, 0, data.length, frame, frame);
            }
            CloseReason[] reasons = CloseReason.values();
            session.onClose(reasons[random.nextInt(reasons.length)], frame + 1, frame + 1);
            long closes = events.stream().filter(e -> e instanceof SessionClosed).count();
            assertEquals(1, closes, "one close in run " + run);
            assertInstanceOf(SessionClosed.class, events.get(events.size() - 1), "run " + run);
        }
    }

    /** A few pieces, sometimes cut, sometimes with random bytes, glued together. */
    private static byte[] segment(Random random, String[] pieces) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String piece = pieces[random.nextInt(pieces.length)];
            if (random.nextInt(5) == 0) {
                piece = piece.substring(random.nextInt(piece.length()));
            }
            sb.append(piece);
            if (random.nextInt(8) == 0) {
                for (int k = random.nextInt(8); k > 0; k--) {
                    sb.append((char) random.nextInt(256));
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
