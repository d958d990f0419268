package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * The server's reply to STARTTLS/STLS.
 *
 * @param accepted true for a positive reply (SMTP 220, IMAP OK, POP3 +OK)
 * @param code the reply code or status word as written
 */
public record StartTlsReplied(SessionInfo session, long frame, long timeMicros,
                              boolean accepted, String code, String evidence) implements MailEvent {
}
