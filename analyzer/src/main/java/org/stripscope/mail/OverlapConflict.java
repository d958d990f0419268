package org.stripscope.mail;

import org.stripscope.mail.event.ProtocolAnomaly;

/**
 * The anomaly a session reports when a retransmitted or overlapping segment brought bytes that
 * differ from the ones already read (a TCP evasion attempt, or a broken path). The reassembler
 * keeps the first copy (RFC 9293 §3.10.7.4), so the session's findings rest on the bytes the
 * parser read; the anomaly says which segment was not believed.
 */
public final class OverlapConflict {

    /** The reason as counted in the run summary. */
    public static final String REASON = "overlap-conflict";

    private OverlapConflict() {
    }

    public static ProtocolAnomaly anomaly(SessionInfo info, boolean fromClient, long streamOffset,
                                          long frame, long timeMicros) {
        return new ProtocolAnomaly(info, frame, timeMicros, REASON,
                (fromClient ? "client" : "server") + " bytes from stream offset " + streamOffset
                        + " in this frame differ from those already read; the first copy was kept");
    }
}
