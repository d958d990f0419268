package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/** The client sent STARTTLS (SMTP, RFC 3207), STARTTLS (IMAP) or STLS (POP3). */
public record StartTlsRequested(SessionInfo session, long frame, long timeMicros, String evidence)
        implements MailEvent {
}
