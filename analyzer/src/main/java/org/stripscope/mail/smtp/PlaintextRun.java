package org.stripscope.mail.smtp;

import org.stripscope.mail.Line;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.PlaintextAfterStartTls;

/**
 * Plaintext lines one direction sent across a STARTTLS exchange, counted until the exchange is
 * over and then reported once ({@link PlaintextAfterStartTls}). Counting whole lines, not chunks,
 * keeps the count and the evidence the same however the bytes were segmented.
 */
final class PlaintextRun {

    private final boolean fromClient;
    private long bytes;
    private String evidence;
    private long frame;
    private long timeMicros;

    PlaintextRun(boolean fromClient) {
        this.fromClient = fromClient;
    }

    boolean isEmpty() {
        return bytes == 0;
    }

    /**
     * Counts one line as it was on the wire (content and terminator).
     *
     * @param firstEvidence the line as evidence when it is the first of the run (see
     *     {@link #isEmpty()}), otherwise ignored and may be null
     */
    void add(Line line, String firstEvidence) {
        if (bytes == 0) {
            evidence = firstEvidence;
            frame = line.frame();
            timeMicros = line.timeMicros();
        }
        bytes += line.wireLength() + line.terminator().length();
    }

    /** Forgets what was counted: the run's bounds are no longer known. */
    void discard() {
        bytes = 0;
        evidence = null;
    }

    /** The run as an event, or null when nothing was counted; the run starts again empty. */
    PlaintextAfterStartTls finish(SessionInfo info) {
        if (bytes == 0) {
            return null;
        }
        PlaintextAfterStartTls event =
                new PlaintextAfterStartTls(info, frame, timeMicros, fromClient, bytes, evidence);
        bytes = 0;
        evidence = null;
        return event;
    }
}
