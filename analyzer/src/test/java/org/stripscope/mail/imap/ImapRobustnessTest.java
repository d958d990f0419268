package org.stripscope.mail.imap;

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
 * Malformed input never escapes the session: IMAP-like conversations with bytes flipped, cut at
 * random points, with random gaps, on both kinds of port, always end in exactly one
 * {@link SessionClosed}, last. Seeded, so a failure can be replayed.
 */
class ImapRobustnessTest {

    private static final String[] CLIENT = {
        "a1 CAPABILITY\r\n", "a2 LOGIN {5}\r\n", "alice {6+}\r\n", "secret\r\n",
        "a3 AUTHENTICATE PLAIN\r\n", "AGFsaWNlAHdvbmRlcmxhbmQ=\r\n", "*\r\n",
        "a4 APPEND INBOX {30}\r\n", "Subject: x\r\n\r\na5 OK fake\r\n..\r\n", "a6 IDLE\r\n",
        "DONE\r\n", "a7 STARTTLS\r\n", "a8 XXXXXXXX\r\n", "\u0016\u0003\u0001\u0000\u0004\u0001\u0000\u0000\u0000",
        "a9 FETCH 1 BODY[]\r\n", "{99999999999}\r\n", "a10 LOGIN \"unterminated\r\n",
    };
    private static final String[] SERVER = {
        "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready\r\n", "+ go\r\n", "+ \r\n",
        "a1 OK done\r\n", "a2 NO bad\r\n", "a3 BAD cancelled\r\n", "* 1 FETCH (BODY[] {12}\r\n",
        "a7 OK Begin TLS\r\n", "C3 OK LOGIN completed\r\n", "* PREAUTH hi\r\n",
        "\u0016\u0003\u0003\u0000\u0002\u0002\u0000", "* 2 FETCH (RFC822 {0}\r\n)\r\n",
        "a9 OK [CAPABILITY X] Logged in\r\n", "* CAPABILITY " + "A ".repeat(40) + "\r\n",
    };

    @Test
    void randomlyDamagedConversations_neverThrowAndCloseOnce() {
        Random random = new Random(20261128);
        ImapLimits small = new ImapLimits(64, 4, 8, 1 << 16, 16, 32, 8, 1000);
        for (int round = 0; round < 400; round++) {
            boolean implicit = round % 5 == 0;
            SessionInfo info = new SessionInfo("fuzz", round, Protocol.IMAP, "192.0.2.1", 40000,
                    "198.51.100.1", implicit ? 993 : 143, round % 3 != 0);
            List<MailEvent> events = new ArrayList<>();
            ImapSession session = new ImapSession(info, events::add,
                    round % 2 == 0 ? small : ImapLimits.defaults(), implicit);
            long frame = 0;
            int steps = 5 + random.nextInt(30);
            for (int i = 0; i < steps; i++) {
                frame++;
                boolean fromClient = random.nextBoolean();
                if (random.nextInt(12) == 0) {
                    session.onGap(fromClient, 1 + random.nextInt(40), frame, frame);
                    continue;
                }
                String[] pool = fromClient ? CLIENT : SERVER;
                byte[] data = pool[random.nextInt(pool.length)].getBytes(StandardCharsets.ISO_8859_1);
                if (random.nextInt(4) == 0 && data.length > 0) {
                    data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                }
                int cut = data.length == 0 ? 0 : random.nextInt(data.length + 1);
                session.onData(fromClient, data, 0, cut, frame, frame);
                session.onData(fromClient, data, cut, data.length - cut, frame, frame);
            }
            CloseReason reason = CloseReason.values()[random.nextInt(CloseReason.values().length)];
            session.onClose(reason, frame + 1, frame + 1);
            long closes = events.stream().filter(e -> e instanceof SessionClosed).count();
            assertEquals(1, closes, "round " + round);
            assertInstanceOf(SessionClosed.class, events.get(events.size() - 1), "round " + round);
        }
    }
}
