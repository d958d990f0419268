package org.stripscope.mail.pop3;

import org.stripscope.mail.LineFramer;

/**
 * The per-session bounds of a {@link Pop3Session}; each one, when hit, is reported as a
 * {@link org.stripscope.mail.event.ProtocolAnomaly}, never silently.
 *
 * @param maxLineLength longest line kept, per direction (RFC 2449 §4 allows 255 octets for a
 *     command and 512 for a response line; real traffic exceeds them, hence the framer's lenient
 *     default). Longer lines: head kept, "line-too-long"
 * @param maxPendingCommands commands awaiting a response (RFC 2449 §6.6 PIPELINING); beyond, the
 *     oldest is dropped ("pending-queue-overflow")
 * @param maxCapabilityLines CAPA lines kept (RFC 2449 §5); beyond, "too-many-capability-lines"
 *     (the response still ends at its ".")
 * @param maxAuthResponseBytes longest SASL response decoded for a user name; beyond,
 *     "sasl-response-too-long"
 * @param maxAnomalies anomalies before the parser gives up on the session ("parser-gave-up")
 */
record Pop3Limits(int maxLineLength, int maxPendingCommands, int maxCapabilityLines,
                  int maxAuthResponseBytes, int maxAnomalies) {

    static final Pop3Limits DEFAULTS =
            new Pop3Limits(LineFramer.DEFAULT_MAX_LINE_LENGTH, 64, 128, 4096, 100);

    Pop3Limits {
        if (maxLineLength < 16 || maxPendingCommands < 1 || maxCapabilityLines < 1
                || maxAuthResponseBytes < 1 || maxAnomalies < 1) {
            throw new IllegalArgumentException("POP3 limits too small: " + maxLineLength + ", "
                    + maxPendingCommands + ", " + maxCapabilityLines + ", "
                    + maxAuthResponseBytes + ", " + maxAnomalies);
        }
    }
}
