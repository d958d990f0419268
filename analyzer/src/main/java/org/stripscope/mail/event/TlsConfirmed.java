package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * A TLS record (content type 0x16 handshake, version 0x03 0x0N) followed the go-ahead, or opened an
 * implicit-TLS session: from here on the session is encrypted and no longer parsed.
 *
 * @param fromClient which direction carried the first TLS record
 */
public record TlsConfirmed(SessionInfo session, long frame, long timeMicros, boolean fromClient)
        implements MailEvent {
}
