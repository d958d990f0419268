package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * After a positive reply to STARTTLS/STLS, the next client bytes were not a TLS handshake
 * record: the session goes on in plaintext and the parser keeps reading it as such.
 *
 * @param evidence the first plaintext bytes, escaped
 */
public record TlsNotFollowed(SessionInfo session, long frame, long timeMicros, boolean fromClient,
                             String evidence) implements MailEvent {
}
