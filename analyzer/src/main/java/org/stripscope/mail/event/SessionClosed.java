package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * The session ended; no more events for it follow.
 *
 * @param reason why (the TCP close reason in lower case, e.g. "fin", "rst", "end_of_capture")
 * @param state the parser's final state name, e.g. "TLS" or "COMMAND"
 */
public record SessionClosed(SessionInfo session, long frame, long timeMicros, String reason,
                            String state) implements MailEvent {
}
