package org.stripscope.mail.imap;

/**
 * The per-session bounds of an {@link ImapSession}; each one, when hit, is reported as a
 * {@link org.stripscope.mail.event.ProtocolAnomaly}, never silently.
 *
 * @param maxLineLength longest line kept, per direction (longer lines: head kept,
 *     "line-too-long"). RFC 9051 sets no line limit and real servers send long FETCH, SEARCH and
 *     CAPABILITY lines, hence more room than SMTP's
 * @param maxPendingCommands tagged commands awaiting their completion (RFC 9051 §5.5 allows
 *     pipelining); beyond, the oldest is dropped ("pending-queue-overflow")
 * @param maxTagLength longest tag matched; a command with a longer tag is not queued ("tag-too-long")
 * @param maxLiteralBytes largest literal skipped (RFC 9051 §4.3, number64); a larger size is taken
 *     for a misread and its bytes are read as lines ("literal-too-large")
 * @param maxLoginArgumentBytes longest LOGIN user name literal kept for decoding
 *     ("login-argument-too-long")
 * @param maxAuthResponseBytes longest SASL response decoded for a user name
 *     ("sasl-response-too-long")
 * @param maxCapabilities capability atoms kept from one response ("too-many-capabilities")
 * @param maxAnomalies anomalies before the parser gives up on the session ("parser-gave-up")
 */
public record ImapLimits(int maxLineLength, int maxPendingCommands, int maxTagLength,
                         long maxLiteralBytes, int maxLoginArgumentBytes, int maxAuthResponseBytes,
                         int maxCapabilities, int maxAnomalies) {

    public static final ImapLimits DEFAULTS =
            new ImapLimits(16384, 64, 64, 1L << 30, 1024, 4096, 256, 100);

    public ImapLimits {
        if (maxLineLength < 64 || maxPendingCommands < 1 || maxTagLength < 1 || maxLiteralBytes < 1
                || maxLoginArgumentBytes < 1 || maxAuthResponseBytes < 1 || maxCapabilities < 1
                || maxAnomalies < 1) {
            throw new IllegalArgumentException("IMAP limits too small: " + maxLineLength + ", "
                    + maxPendingCommands + ", " + maxTagLength + ", " + maxLiteralBytes + ", "
                    + maxLoginArgumentBytes + ", " + maxAuthResponseBytes + ", " + maxCapabilities
                    + ", " + maxAnomalies);
        }
    }

    public static ImapLimits defaults() {
        return DEFAULTS;
    }
}
