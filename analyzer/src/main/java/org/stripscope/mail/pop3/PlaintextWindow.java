package org.stripscope.mail.pop3;

import org.stripscope.mail.Line;
import org.stripscope.mail.event.PlaintextAfterStartTls;

/**
 * Plaintext lines of one direction inside an STLS exchange where none belong (RFC 2595 §4: the
 * client sends nothing after STLS until the answer, the server nothing after its +OK but TLS):
 * counted while the window is open, reported once when it closes, with the first line as
 * evidence.
 */
final class PlaintextWindow {

    private final boolean fromClient;
    private boolean open;
    private long bytes;
    private long frame;
    private long timeMicros;
    private String evidence;

    PlaintextWindow(boolean fromClient) {
        this.fromClient = fromClient;
    }

    void open() {
        open = true;
        bytes = 0;
        evidence = null;
    }

    boolean isOpen() {
        return open;
    }

    /** One line inside the window; its evidence already has secrets redacted. */
    void add(Line line, String lineEvidence) {
        if (!open) {
            return;
        }
        if (bytes == 0) {
            frame = line.frame();
            timeMicros = line.timeMicros();
            evidence = lineEvidence;
        }
        bytes += line.wireLength() + line.terminator().length();
    }

    /** Closes the window; reports its bytes if there were any. */
    void close(Pop3Session session) {
        if (!open) {
            return;
        }
        open = false;
        if (bytes > 0) {
            session.emit(new PlaintextAfterStartTls(session.info(), frame, timeMicros, fromClient,
                    bytes, evidence));
        }
        bytes = 0;
        evidence = null;
    }

    /** Closes the window without a report: what it held can no longer be placed in time. */
    void discard() {
        open = false;
        bytes = 0;
        evidence = null;
    }
}
