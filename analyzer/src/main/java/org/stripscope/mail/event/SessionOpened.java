package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/** A connection on a mail port was seen for the first time. */
public record SessionOpened(SessionInfo session, long frame, long timeMicros) implements MailEvent {
}
