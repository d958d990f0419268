package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * Something a mail session parser saw. Parsers only report what is on the wire; detectors decide
 * what is notable. Every event names the frame holding its evidence (for a line, the frame that
 * carried the line's last byte, where Wireshark shows the reassembled line).
 *
 * <p>Raw protocol text inside events ({@code keywords}, {@code mechanism}) is decoded as
 * ISO-8859-1, one char per byte, so it is lossless; {@code evidence} strings are already escaped by
 * {@link org.stripscope.mail.EvidenceText} and have secrets replaced.
 */
public sealed interface MailEvent permits
        SessionOpened, Greeting, CapabilitiesSeen, StartTlsRequested, StartTlsReplied,
        TlsConfirmed, TlsNotFollowed, AuthAttempt, Gap, ProtocolAnomaly, SessionClosed,
        CommandMasked, PlaintextAfterStartTls, TlsHandshakeFailed, MessageTransfer,
        ImplicitTlsPlaintext {

    SessionInfo session();

    long frame();

    long timeMicros();
}
