package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/** Bytes of one direction were lost; the parser resynced at the next line end. */
public record Gap(SessionInfo session, long frame, long timeMicros, boolean fromClient, long bytes)
        implements MailEvent {
}
