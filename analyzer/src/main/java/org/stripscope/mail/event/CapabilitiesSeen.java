package org.stripscope.mail.event;

import java.util.List;
import org.stripscope.mail.SessionInfo;

/**
 * A server's capability list: the lines of a positive EHLO reply after the first (RFC 5321
 * §4.1.1.1), a POP3 CAPA reply or an IMAP CAPABILITY.
 *
 * @param command the client command it answered ("EHLO"); null when the command was not seen
 * @param keywords the first token of each capability line, raw (ISO-8859-1, original case)
 * @param lines each capability line without code and terminator, raw (ISO-8859-1)
 * @param lineStamps for each capability line (parallel to {@code keywords} and {@code lines}),
 *     the frame and time of the packet that carried its last byte
 * @param firstFrame the frame that carried the reply's first line
 * @param inTls true if seen after TLS was confirmed (then it is not downgrade evidence)
 * @param afterGap true if bytes of this session were lost before the reply
 */
public record CapabilitiesSeen(SessionInfo session, long frame, long timeMicros,
                               String command, List<String> keywords, List<String> lines,
                               List<LineStamp> lineStamps,
                               long firstFrame, boolean inTls, boolean afterGap,
                               String evidence) implements MailEvent {
    public CapabilitiesSeen {
        keywords = List.copyOf(keywords);
        lines = List.copyOf(lines);
        lineStamps = List.copyOf(lineStamps);
    }
}
