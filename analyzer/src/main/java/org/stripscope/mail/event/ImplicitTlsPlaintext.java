package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * On an implicit-TLS port (465, 993, 995; RFC 8314 §3.3) the first bytes were not a TLS record:
 * the session runs in plaintext and the parser reads it as its protocol.
 *
 * @param fromClient which direction's first bytes showed it
 * @param evidence those bytes (the first line), escaped
 */
public record ImplicitTlsPlaintext(SessionInfo session, long frame, long timeMicros,
                                   boolean fromClient, String evidence) implements MailEvent {
}
