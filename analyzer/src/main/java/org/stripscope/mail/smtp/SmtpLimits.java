package org.stripscope.mail.smtp;

import org.stripscope.mail.LineFramer;

/**
 * The per-session bounds of an {@link SmtpSession}; each one, when hit, is reported as a
 * {@link org.stripscope.mail.event.ProtocolAnomaly}, never silently.
 *
 * @param maxLineLength longest line kept, per direction (longer lines: head kept, "line-too-long")
 * @param maxPendingCommands commands awaiting a reply (RFC 2920 pipelining); beyond, the oldest is
 *     dropped ("pending-queue-overflow")
 * @param maxReplyLines lines of one multi-line reply kept, hence EHLO capabilities reported;
 *     beyond, "too-many-reply-lines" (the reply still ends where it ends)
 * @param maxAuthResponseBytes longest SASL response decoded for a user name; beyond,
 *     "sasl-response-too-long"
 * @param maxAnomalies anomalies before the parser gives up on the session ("parser-gave-up")
 */
public record SmtpLimits(int maxLineLength, int maxPendingCommands, int maxReplyLines,
                         int maxAuthResponseBytes, int maxAnomalies) {

    public static final SmtpLimits DEFAULTS =
            new SmtpLimits(LineFramer.DEFAULT_MAX_LINE_LENGTH, 128, 256, 4096, 100);

    public SmtpLimits {
        if (maxLineLength < 16 || maxPendingCommands < 1 || maxReplyLines < 2
                || maxAuthResponseBytes < 1 || maxAnomalies < 1) {
            throw new IllegalArgumentException("SMTP limits too small: " + maxLineLength + ", "
                    + maxPendingCommands + ", " + maxReplyLines + ", " + maxAuthResponseBytes + ", "
                    + maxAnomalies);
        }
    }

    public static SmtpLimits defaults() {
        return DEFAULTS;
    }
}
