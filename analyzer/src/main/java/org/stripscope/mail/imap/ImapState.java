package org.stripscope.mail.imap;

/** Where an IMAP session's client stream is; server responses are read in every parsing state. */
public enum ImapState {
    /** Entered at the start and after each exchange: client lines are tagged commands. */
    COMMAND,
    /**
     * Entered on AUTHENTICATE (RFC 9051 §6.2.2): client lines are SASL responses (base64, or "*"
     * to cancel) until the tagged completion. A line with a blank in it is no response but a
     * command, which leaves this state.
     */
    AUTHENTICATE,
    /**
     * Entered on IDLE (RFC 2177, RFC 9051 §6.3.13): the client's next line is "DONE". Left on
     * that line, on the tagged completion, or on any other command.
     */
    IDLE,
    /**
     * Entered on a tagged OK to STARTTLS (RFC 9051 §6.2.1): the client's next bytes should be a
     * TLS ClientHello. Left for {@link #TLS} when they are, for {@link #COMMAND} when they are
     * plaintext (or lost in a gap).
     */
    TLS_GO_AHEAD,
    /**
     * Entered when a TLS record followed the go-ahead or opened an implicit-TLS session
     * (RFC 8314 §3.3). Terminal: bytes only go to the handshake watch.
     */
    TLS,
    /**
     * Entered on a tagged OK to COMPRESS (RFC 4978 §3): from the next byte on, both directions
     * are DEFLATE streams, which are not read. Terminal.
     */
    COMPRESSED,
    /** Entered after too many anomalies: the stream is not IMAP as expected. Terminal. */
    GAVE_UP,
    /** Entered when the connection closed. */
    CLOSED;

    /** Whether lines are still parsed in this state. */
    public boolean parsing() {
        return this != TLS && this != COMPRESSED && this != GAVE_UP && this != CLOSED;
    }
}
