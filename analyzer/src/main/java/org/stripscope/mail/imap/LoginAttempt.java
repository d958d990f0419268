package org.stripscope.mail.imap;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.event.AuthAttempt.Credentials;

/**
 * One LOGIN command (RFC 9051 §6.2.3: "LOGIN SP userid SP password", each an astring: atom,
 * quoted string or literal) gathered across its lines and literals: the user name decoded, the
 * password only counted. The evidence shows the command as sent with the password replaced by
 * {@code <redacted N bytes>}.
 */
final class LoginAttempt {

    private static final int MAX_EVIDENCE_CHARS = 2048;
    private static final int USER = 0;
    private static final int PASSWORD = 1;
    private static final int DONE = 2;

    private final long commandFrame;
    private final boolean inTls;
    private final int maxUserBytes;
    private final ImapTokens tokens = new ImapTokens();
    private final StringBuilder evidence = new StringBuilder(64);
    private long evidenceOmitted;

    /** The argument the next token or literal is: user, password, or none. */
    private int argument = USER;
    private String username;
    private long credentialFrame;
    private long credentialTimeMicros;
    /** For a user name literal: its bytes as they arrive, up to the limit. */
    private byte[] userLiteral;
    private int userLiteralLength;
    private boolean userTooLong;
    private boolean userLost;

    LoginAttempt(long commandFrame, long commandTimeMicros, boolean inTls, int maxUserBytes) {
        this.commandFrame = commandFrame;
        this.inTls = inTls;
        this.maxUserBytes = maxUserBytes;
        this.credentialFrame = commandFrame;
        this.credentialTimeMicros = commandTimeMicros;
    }

    /** The evidence of one LOGIN line alone, password redacted: for events about that line. */
    static String evidenceOf(ImapCommand cmd) {
        LoginAttempt scratch = new LoginAttempt(0, 0, false, 1);
        scratch.addLine(cmd.line(), cmd.argsStart(), cmd.argsEnd(), cmd.literal().present()
                ? cmd.literal().start() : -1);
        return scratch.evidence();
    }

    /**
     * Reads the arguments of one line: the command line (from its arguments) or a line that
     * continues the command after a literal (from 0).
     *
     * @param argsFrom where the arguments start
     * @param argsTo where they end: before the literal marker, or at the line end
     * @param literalAt where a literal marker starts, or -1
     */
    void addLine(Line line, int argsFrom, int argsTo, int literalAt) {
        byte[] b = line.bytes();
        StringBuilder sb = new StringBuilder(line.rawLength() + 16);
        EvidenceText.appendEscaped(sb, b, 0, argsFrom);
        tokens.wrap(b, argsFrom, argsTo);
        int cursor = argsFrom;
        ImapTokens.Kind kind;
        while ((kind = tokens.next()) != ImapTokens.Kind.END) {
            EvidenceText.appendEscaped(sb, b, cursor, tokens.start() - cursor);
            if (argument == USER && (kind == ImapTokens.Kind.ATOM
                    || kind == ImapTokens.Kind.QUOTED)) {
                username = tokens.value();
                EvidenceText.appendEscaped(sb, b, tokens.start(), tokens.stop() - tokens.start());
                argument = PASSWORD;
            } else if (argument == PASSWORD && (kind == ImapTokens.Kind.ATOM
                    || kind == ImapTokens.Kind.QUOTED)) {
                sb.append(EvidenceText.redacted(tokens.valueLength()));
                credentialFrame = line.frame();
                credentialTimeMicros = line.timeMicros();
                argument = DONE;
            } else if (argument == PASSWORD) {
                // Not an astring where the password belongs: shown redacted all the same.
                sb.append(EvidenceText.redacted(tokens.stop() - tokens.start()));
            } else {
                EvidenceText.appendEscaped(sb, b, tokens.start(), tokens.stop() - tokens.start());
            }
            cursor = tokens.stop();
        }
        EvidenceText.appendEscaped(sb, b, cursor, line.rawLength() - cursor);
        appendEvidence(sb.toString());
        if (literalAt >= 0) {
            userLiteralLength = 0;
            userTooLong = false;
            userLost = false;
        }
    }

    /** Whether the literal announced now is the user name, whose bytes are wanted. */
    boolean wantsLiteralBytes() {
        return argument == USER;
    }

    /**
     * Bytes of the user name literal as they arrive: {@code kept} of them in {@code bytes}, out
     * of {@code total} in this piece.
     */
    void onLiteralBytes(byte[] bytes, int kept, long total) {
        if (userLiteral == null) {
            userLiteral = new byte[maxUserBytes];
        }
        int n = Math.min(maxUserBytes - userLiteralLength, kept);
        System.arraycopy(bytes, 0, userLiteral, userLiteralLength, n);
        userLiteralLength += n;
        if (n < total) {
            userTooLong = true;
        }
    }

    /** Bytes of the literal were lost: a user name in it can't be read whole. */
    void onLiteralBytesLost() {
        userLost = true;
    }

    /**
     * The literal announced by the last line ended.
     *
     * @return false when it was a user name longer than kept
     */
    boolean onLiteralEnd(long size, long frame, long timeMicros) {
        boolean whole = true;
        if (argument == USER) {
            if (userLost) {
                username = null;
                appendEvidence("<" + size + " bytes, some lost>");
            } else if (userTooLong) {
                username = null;
                whole = false;
                appendEvidence("<" + size + " bytes>");
            } else {
                username = Ascii.text(userLiteral == null ? new byte[0] : userLiteral, 0,
                        userLiteralLength);
                appendEvidence(EvidenceText.escape(username));
            }
            argument = PASSWORD;
        } else if (argument == PASSWORD) {
            appendEvidence(EvidenceText.redacted(size));
            credentialFrame = frame;
            credentialTimeMicros = timeMicros;
            argument = DONE;
        } else {
            appendEvidence("<" + size + " bytes>");
        }
        return whole;
    }

    String username() {
        return username;
    }

    /** What the client revealed: the password (even an empty one), the user only, or nothing. */
    Credentials credentials() {
        return switch (argument) {
            case DONE -> Credentials.CLEARTEXT_SECRET;
            case PASSWORD -> Credentials.USERNAME_ONLY;
            default -> Credentials.NONE;
        };
    }

    long commandFrame() {
        return commandFrame;
    }

    long credentialFrame() {
        return credentialFrame;
    }

    long credentialTimeMicros() {
        return credentialTimeMicros;
    }

    boolean inTls() {
        return inTls;
    }

    String evidence() {
        if (evidenceOmitted == 0) {
            return evidence.toString();
        }
        return evidence + "...[" + evidenceOmitted + " more chars]";
    }

    private void appendEvidence(String text) {
        if (evidenceOmitted > 0 || evidence.length() + text.length() > MAX_EVIDENCE_CHARS) {
            evidenceOmitted += text.length();
            return;
        }
        evidence.append(text);
    }
}
