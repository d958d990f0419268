package org.stripscope.mail.pop3;

/** Where a POP3 session's client stream is; server lines are read in every parsing state. */
enum Pop3State {
    /** Entered at the start and after every exchange: client lines are commands. */
    COMMAND,
    /**
     * Entered when an AUTH exchange awaits a client response: after a "+" continuation
     * (RFC 5034 §4), or, when the server is not visible, while the mechanism still expects one.
     * The next client line is SASL data, whatever it looks like.
     */
    SASL_RESPONSE,
    /**
     * Entered on a +OK answer to STLS (RFC 2595 §4): the client's next bytes should be a TLS
     * ClientHello. Left for {@link #TLS} when they are, for {@link #COMMAND} when they are
     * plaintext (or lost in a gap). A session that closes here never showed its TLS handshake.
     */
    TLS_GO_AHEAD,
    /**
     * Entered when a TLS record followed a +OK answer to STLS or opened an implicit-TLS session
     * (RFC 8314 §3.3). Terminal: bytes go only to the TLS handshake watch.
     */
    TLS,
    /** Entered after too many anomalies: the stream is not POP3 as expected. Terminal. */
    GAVE_UP,
    /** Entered when the connection closed. */
    CLOSED;

    /** Whether lines are still parsed in this state. */
    boolean parsing() {
        return this != TLS && this != GAVE_UP && this != CLOSED;
    }
}
