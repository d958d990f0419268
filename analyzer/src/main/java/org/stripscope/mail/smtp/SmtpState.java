package org.stripscope.mail.smtp;

/** Where an SMTP session's client stream is; server replies are read in every parsing state. */
public enum SmtpState {
    /** Entered at the start and after every transaction step: client lines are commands. */
    COMMAND,
    /**
     * Entered when the client sends DATA: its lines are message content up to the line "."
     * (RFC 5321 §4.1.1.4), never commands. Left on that line, or on a negative reply to DATA that
     * comes before any content line.
     */
    DATA_CONTENT,
    /** Entered after "BDAT size": the next size bytes are raw chunk data (RFC 3030 §2). */
    BDAT_CHUNK,
    /**
     * Entered when an AUTH exchange awaits a client response: after a 334 challenge (RFC 4954 §4),
     * or, when the server is not visible, while the mechanism still expects one. The next client
     * line is SASL data, whatever it looks like.
     */
    SASL_RESPONSE,
    /**
     * Entered on a 220 reply to STARTTLS (RFC 3207 §4): the client's next bytes should be a TLS
     * ClientHello. Left for {@link #TLS} when they are, for {@link #COMMAND} when they are
     * plaintext (or lost in a gap). A session that closes here never showed its TLS handshake.
     */
    TLS_GO_AHEAD,
    /**
     * Entered when a TLS record followed a 220 reply to STARTTLS (RFC 3207 §4) or opened an
     * implicit-TLS session (RFC 8314 §3.3). Terminal: lines are no longer read; the bytes of
     * both directions go to the handshake watch, which says whether the handshake failed.
     */
    TLS,
    /** Entered after too many anomalies: the stream is not SMTP as expected. Terminal. */
    GAVE_UP,
    /** Entered when the connection closed. */
    CLOSED;

    /** Whether lines are still parsed in this state. */
    public boolean parsing() {
        return this != TLS && this != GAVE_UP && this != CLOSED;
    }
}
