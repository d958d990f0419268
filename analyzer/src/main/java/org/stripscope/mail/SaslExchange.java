package org.stripscope.mail;

import org.stripscope.mail.event.AuthAttempt.Credentials;

/**
 * One SASL exchange as seen so far (SMTP AUTH RFC 4954 §4, IMAP AUTHENTICATE RFC 9051 §6.2.2,
 * POP3 AUTH RFC 5034 §4): the mechanism, what the client sent, the user name once decoded, and
 * redacted evidence. Secrets are never kept: responses are decoded only to read the user name,
 * and the evidence shows each response as {@code <redacted N bytes>}.
 */
public final class SaslExchange {

    /** What decoding a response for the user name gave. */
    public enum Decoding { NOT_TRIED, FOUND, NOT_FOUND, NOT_BASE64, TOO_LONG }

    private static final int MAX_EVIDENCE_CHARS = 2048;

    private final long id;
    private final String mechanismName;
    private final SaslMechanism mechanism;
    private final long commandFrame;
    private final boolean inTls;
    private final int maxResponseBytes;
    private final StringBuilder evidence = new StringBuilder(64);
    /** Evidence characters left out once the cap was reached (whole pieces only). */
    private long evidenceOmitted;
    /**
     * Responses seen, empty ones included: the position of the next one. Each response answers
     * one challenge in order (RFC 4954 §4), so while no client bytes were lost this is the number
     * of the challenge it answers.
     */
    private int responses;
    private int dataResponses;
    /** Client bytes were lost during the exchange: no response's position is known after that. */
    private boolean positionsLost;
    private int dataResponsesAfterLoss;
    private long credentialFrame;
    private long credentialTimeMicros;
    private boolean cancelled;
    private String username;

    /**
     * @param id a number telling this exchange apart from the session's others
     * @param mechanismName the mechanism name as upper-cased from the wire
     * @param commandFrame the frame of the command that opened the exchange
     * @param commandTimeMicros that frame's time
     * @param inTls whether TLS was confirmed before the exchange began
     * @param maxResponseBytes the longest response decoded for a user name
     */
    public SaslExchange(long id, String mechanismName, long commandFrame, long commandTimeMicros,
                        boolean inTls, int maxResponseBytes) {
        this.inTls = inTls;
        this.id = id;
        this.mechanismName = mechanismName;
        this.mechanism = SaslMechanism.of(mechanismName);
        this.commandFrame = commandFrame;
        this.maxResponseBytes = maxResponseBytes;
        this.credentialFrame = commandFrame;
        this.credentialTimeMicros = commandTimeMicros;
    }

    public long id() {
        return id;
    }

    public String mechanismName() {
        return mechanismName;
    }

    public SaslMechanism mechanism() {
        return mechanism;
    }

    /** The frame of the command that opened the exchange. */
    public long commandFrame() {
        return commandFrame;
    }

    /** Whether TLS was confirmed before the exchange began. */
    public boolean inTls() {
        return inTls;
    }

    /**
     * Adds already safe evidence text (the opening command with its initial response redacted).
     * Past the cap, whole pieces are left out and counted, never cut in the middle of a
     * redaction marker.
     */
    public void appendEvidence(String text) {
        if (evidenceOmitted > 0 || evidence.length() + text.length() > MAX_EVIDENCE_CHARS) {
            evidenceOmitted += text.length();
            return;
        }
        evidence.append(text);
    }

    /**
     * Client bytes were lost while the exchange was open: which challenge any later response
     * answers is unknown, so none is decoded for a user name (a LOGIN password would otherwise
     * be read as the user), and any later data response counts as the mechanism's secret.
     */
    public void lostPositions() {
        positionsLost = true;
    }

    /**
     * The initial response of the command that opened the exchange (RFC 4954 §4): base64 at
     * {@code bytes[from, to)}, "=" for an empty one.
     *
     * @param truncated the line held more than was kept: the data is cut and is not decoded
     */
    public Decoding addInitialResponse(byte[] bytes, int from, int to, boolean truncated,
                                       long frame, long timeMicros) {
        return add(bytes, from, to, truncated, frame, timeMicros, true);
    }

    /**
     * One client response: base64 at {@code bytes[from, to)}. "*" cancels (RFC 4954 §4,
     * RFC 9051 §6.2.2, RFC 5034 §4); "=" or nothing is an empty response.
     *
     * @param truncated the line held more than was kept: the data is cut and is not decoded
     */
    public Decoding addResponse(byte[] bytes, int from, int to, boolean truncated, long frame,
                                long timeMicros) {
        return add(bytes, from, to, truncated, frame, timeMicros, false);
    }

    private Decoding add(byte[] bytes, int from, int to, boolean truncated, long frame,
                         long timeMicros, boolean initial) {
        int length = to - from;
        int position = responses++;
        if (!initial && !truncated && length == 1 && bytes[from] == '*') {
            cancelled = true;
            return Decoding.NOT_TRIED;
        }
        if (!truncated && (length == 0 || (length == 1 && bytes[from] == '='))) {
            return Decoding.NOT_TRIED;
        }
        dataResponses++;
        if (positionsLost) {
            dataResponsesAfterLoss++;
        }
        credentialFrame = frame;
        credentialTimeMicros = timeMicros;
        if (positionsLost || username != null || !mechanism.mayHoldUsername(position)) {
            return truncated ? Decoding.TOO_LONG : Decoding.NOT_TRIED;
        }
        if (truncated || length > maxResponseBytes) {
            return Decoding.TOO_LONG;
        }
        byte[] decoded = SaslBase64.decode(bytes, from, length);
        if (decoded == null) {
            return Decoding.NOT_BASE64;
        }
        username = mechanism.username(decoded);
        return username == null ? Decoding.NOT_FOUND : Decoding.FOUND;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public int dataResponses() {
        return dataResponses;
    }

    public String username() {
        return username;
    }

    /**
     * What the client revealed. After lost client bytes, any later data response is taken for
     * the mechanism's secret: uncertain is read as the worst case.
     */
    public Credentials credentials() {
        if (dataResponsesAfterLoss > 0) {
            return mechanism.worstCase();
        }
        return mechanism.credentials(dataResponses);
    }

    /** The frame of the last response holding credential data, or the opening command's. */
    public long credentialFrame() {
        return credentialFrame;
    }

    public long credentialTimeMicros() {
        return credentialTimeMicros;
    }

    /** The evidence; past the cap it ends with "...[N more chars]", as the CSV cells do. */
    public String evidence() {
        if (evidenceOmitted == 0) {
            return evidence.toString();
        }
        return evidence + "...[" + evidenceOmitted + " more chars]";
    }

    /** The evidence of one response line: its data redacted, the rest (blanks, CRLF) escaped. */
    public static String redactedLine(byte[] bytes, int dataStart, int dataEnd, int rawEnd) {
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
