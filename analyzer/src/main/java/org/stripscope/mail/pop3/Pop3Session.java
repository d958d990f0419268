package org.stripscope.mail.pop3;

import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.tcp.CloseReason;
import org.stripscope.tcp.StreamListener;

/** Follows one POP3 (RFC 1939, RFC 2449) connection passively and emits what it sees. */
public final class Pop3Session implements StreamListener {

    private final SessionInfo info;
    private final MailEventSink events;

    /**
     * @param implicitTls true on a port where TLS starts at once (RFC 8314 §3.3)
     */
    public Pop3Session(SessionInfo info, MailEventSink events, boolean implicitTls) {
        this.info = info;
        this.events = events;
    }

    @Override
    public void onData(boolean fromClient, byte[] data, int offset, int length, long frame, long timeMicros) {
    }

    @Override
    public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
    }

    @Override
    public void onClose(CloseReason reason, long frame, long timeMicros) {
        events.accept(new SessionClosed(info, frame, timeMicros,
                reason.name().toLowerCase(java.util.Locale.ROOT), "UNKNOWN"));
    }
}
