package org.stripscope.mail.imap;

import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.PlaintextAfterStartTls;

/**
 * Counts one direction's plaintext bytes that crossed a STARTTLS exchange (client commands sent
 * behind STARTTLS before its completion, or server bytes after its OK and before the TLS
 * handshake) and reports them once, as one {@link PlaintextAfterStartTls}, when the window
 * closes. The first line is kept as evidence, secrets already redacted by the caller.
 */
final class PlaintextBehindStartTls {

    private final boolean fromClient;
    private boolean armed;
    private long bytes;
    private long frame;
    private long timeMicros;
    private String evidence;

    PlaintextBehindStartTls(boolean fromClient) {
        this.fromClient = fromClient;
    }

    /** Opens the window: after the STARTTLS command, or after the server's OK to it. */
    void arm() {
        armed = true;
        bytes = 0;
        evidence = null;
    }

    boolean armed() {
        return armed;
    }

    /** Whether the next line's evidence is wanted (it would be the first). */
    boolean wantsEvidence() {
        return armed && evidence == null;
    }

    /** A line (or its evidence-less continuation) of {@code count} bytes crossed. */
    void addLine(long count, long lineFrame, long lineTimeMicros, String lineEvidence) {
        if (!armed) {
            return;
        }
        if (evidence == null) {
            evidence = lineEvidence == null ? "" : lineEvidence;
            frame = lineFrame;
            timeMicros = lineTimeMicros;
        }
        bytes += count;
    }

    /** Raw bytes (a literal) crossed. */
    void addBytes(long count) {
        if (armed && evidence != null) {
            bytes += count;
        }
    }

    /** Closes the window; reports it when bytes crossed. */
    void flush(SessionInfo info, MailEventSink sink) {
        if (armed && bytes > 0) {
            sink.accept(new PlaintextAfterStartTls(info, frame, timeMicros, fromClient, bytes,
                    evidence));
        }
        armed = false;
        bytes = 0;
        evidence = null;
    }
}
