package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * The server's greeting (SMTP 220/554 banner, RFC 5321 §4.3.1).
 *
 * @param code the reply code as written ("220"), or the status word for other protocols
 * @param text the greeting text after the code, raw (ISO-8859-1)
 */
public record Greeting(SessionInfo session, long frame, long timeMicros,
                       String code, String text, String evidence) implements MailEvent {
}
