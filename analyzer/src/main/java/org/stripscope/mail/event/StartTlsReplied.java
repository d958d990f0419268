package org.stripscope.mail.event;

import java.util.List;
import org.stripscope.mail.SessionInfo;

/**
 * The server's reply to STARTTLS/STLS.
 *
 * @param accepted true for a positive reply (SMTP 220, IMAP OK, POP3 +OK)
 * @param code the reply code or status word as written
 * @param replyPacket the headers of the packet that carried the reply's last byte, or null when
 *     not known
 * @param earlierServerPackets the headers of the server's packets with data before it in this
 *     connection, oldest first (bounded: the first and the most recent few), empty when unknown
 */
public record StartTlsReplied(SessionInfo session, long frame, long timeMicros,
                              boolean accepted, String code, String evidence,
                              PacketTraits replyPacket, List<PacketTraits> earlierServerPackets)
        implements MailEvent {

    public StartTlsReplied {
        earlierServerPackets = List.copyOf(earlierServerPackets);
    }

    /** A reply whose packets' headers are not known. */
    public StartTlsReplied(SessionInfo session, long frame, long timeMicros,
                           boolean accepted, String code, String evidence) {
        this(session, frame, timeMicros, accepted, code, evidence, null, List.of());
    }
}
