package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * Something that breaks the protocol's rules (line too long, reply without a command, bad
 * reply code...), or a capture that leaves the session unjudgeable ("server-direction-not-captured"
 * and "client-direction-not-captured", said at the close). Counted by reason in the run summary.
 *
 * @param reason a short stable kebab-case name, e.g. "line-too-long"
 */
public record ProtocolAnomaly(SessionInfo session, long frame, long timeMicros, String reason,
                              String evidence) implements MailEvent {
}
