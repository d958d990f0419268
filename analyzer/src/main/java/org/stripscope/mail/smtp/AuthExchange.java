package org.stripscope.mail.smtp;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.SaslBase64;
import org.stripscope.mail.SaslMechanism;

/**
 * One SMTP AUTH exchange (RFC 4954 §4) as seen so far: the mechanism, what the client sent, the
 * user name once decoded, and redacted evidence. Secrets are never kept: responses are decoded
 * only to read the user name, and the evidence shows each response as {@code <redacted N bytes>}.
 */
final class AuthExchange {

    /** What decoding a response for the user name gave. */
    enum Decoding { NOT_TRIED, FOUND, NOT_FOUND, NOT_BASE64, TOO_LONG }

    private static final int MAX_EVIDENCE_CHARS = 2048;

    final long id;
    final String mechanismName;
    final SaslMechanism mechanism;
    final long commandFrame;
    final long commandTimeMicros;
    /** TLS was confirmed before the exchange began. */
    final boolean inTls;
    private final int maxResponseBytes;
    private final StringBuilder evidence = new StringBuilder(64);
    private boolean evidenceCut;
    private int dataResponses;
    private long credentialFrame;
    private long credentialTimeMicros;
    private boolean cancelled;
    private String username;

    AuthExchange(long id, String mechanismName, long commandFrame, long commandTimeMicros,
                 boolean inTls, int maxResponseBytes) {
        this.inTls = inTls;
        this.id = id;
        this.mechanismName = mechanismName;
        this.mechanism = SaslMechanism.of(mechanismName);
        this.commandFrame = commandFrame;
        this.commandTimeMicros = commandTimeMicros;
        this.maxResponseBytes = maxResponseBytes;
        this.credentialFrame = commandFrame;
        this.credentialTimeMicros = commandTimeMicros;
    }

    /** Adds already safe evidence text (the AUTH line with its initial response redacted). */
    void appendEvidence(String text) {
        if (evidenceCut) {
            return;
        }
        if (evidence.length() + text.length() > MAX_EVIDENCE_CHARS) {
            evidence.append("...");
            evidenceCut = true;
            return;
        }
        evidence.append(text);
    }

    /**
     * One client response (or the initial response of the AUTH line): base64 at
     * {@code bytes[from, to)}. "*" cancels (RFC 4954 §4); "=" or nothing is an empty response.
     */
    Decoding addResponse(byte[] bytes, int from, int to, long frame, long timeMicros,
                         boolean initial) {
        int length = to - from;
        if (!initial && length == 1 && bytes[from] == '*') {
            cancelled = true;
            return Decoding.NOT_TRIED;
        }
        if (length == 0 || (length == 1 && bytes[from] == '=')) {
            return Decoding.NOT_TRIED;
        }
        int index = dataResponses++;
        credentialFrame = frame;
        credentialTimeMicros = timeMicros;
        if (username != null || !mechanism.mayHoldUsername(index)) {
            return Decoding.NOT_TRIED;
        }
        if (length > maxResponseBytes) {
            return Decoding.TOO_LONG;
        }
        byte[] decoded = SaslBase64.decode(bytes, from, length);
        if (decoded == null) {
            return Decoding.NOT_BASE64;
        }
        username = mechanism.username(decoded);
        return username == null ? Decoding.NOT_FOUND : Decoding.FOUND;
    }

    boolean cancelled() {
        return cancelled;
    }

    int dataResponses() {
        return dataResponses;
    }

    String username() {
        return username;
    }

    /** The frame of the last response holding credential data, or the AUTH line's. */
    long credentialFrame() {
        return credentialFrame;
    }

    long credentialTimeMicros() {
        return credentialTimeMicros;
    }

    String evidence() {
        return evidence.toString();
    }

    /** The evidence of one response line: its data redacted, the rest (blanks, CRLF) escaped. */
    static String redactedLine(byte[] bytes, int dataStart, int dataEnd, int rawEnd) {
        StringBuilder sb = new StringBuilder(32);
        EvidenceText.appendEscaped(sb, bytes, 0, dataStart);
        int length = dataEnd - dataStart;
        boolean secret = length > 0 && !(length == 1 && (bytes[dataStart] == '*'
                || bytes[dataStart] == '='));
        if (secret) {
            sb.append(EvidenceText.redacted(length));
        } else {
            EvidenceText.appendEscaped(sb, bytes, dataStart, length);
        }
        EvidenceText.appendEscaped(sb, bytes, dataEnd, rawEnd - dataEnd);
        return sb.toString();
    }
}
