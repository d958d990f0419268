package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * A TLS handshake that began (after STARTTLS/STLS or on an implicit-TLS port) did not complete:
 * a plaintext alert record ended it, or the connection was reset or closed before both sides
 * exchanged application data.
 *
 * @param how "client-alert", "server-alert", "rst" or "close"
 * @param startFrame the frame that carried the first TLS record
 * @param evidence a short description of the last records seen, e.g. "client alert fatal 42"
 */
public record TlsHandshakeFailed(SessionInfo session, long frame, long timeMicros, String how,
                                 long startFrame, String evidence) implements MailEvent {
}
