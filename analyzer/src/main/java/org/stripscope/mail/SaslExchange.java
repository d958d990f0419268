package org.stripscope.mail;

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
    private boolean evidenceCut;
    private int dataResponses;
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

    /** Adds already safe evidence text (the opening command with its initial response redacted). */
    public void appendEvidence(String text) {
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
     * One client response, or the initial response of the command that opened the exchange:
     * base64 at {@code bytes[from, to)}. "*" cancels (RFC 4954 §4, RFC 9051 §6.2.2, RFC 5034 §4);
     * "=" or nothing is an empty response.
     */
    public Decoding addResponse(byte[] bytes, int from, int to, long frame, long timeMicros,
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

    public boolean cancelled() {
        return cancelled;
    }

    public int dataResponses() {
        return dataResponses;
    }

    public String username() {
        return username;
    }

    /** The frame of the last response holding credential data, or the opening command's. */
    public long credentialFrame() {
        return credentialFrame;
    }

    public long credentialTimeMicros() {
        return credentialTimeMicros;
    }

    public String evidence() {
        return evidence.toString();
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
