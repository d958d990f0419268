package org.stripscope.detect;

import java.util.Objects;
import org.stripscope.mail.SessionInfo;

/**
 * One piece of downgrade evidence: what was found, in which packet, on which connection, and the
 * protocol text that proves it.
 *
 * @param frame the 1-based number of the packet holding the evidence
 * @param timeMicros that packet's timestamp, microseconds since the epoch (UTC)
 * @param evidence the protocol lines that prove it, escaped, secrets redacted
 * @param detail a short human explanation
 */
public record Finding(SessionInfo session, long frame, long timeMicros, FindingCode code,
                      Severity severity, String evidence, String detail) {

    public Finding {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(detail, "detail");
        if (frame < 1) {
            throw new IllegalArgumentException("frame numbers start at 1: " + frame);
        }
    }
}
