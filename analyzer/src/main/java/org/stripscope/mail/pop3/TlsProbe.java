package org.stripscope.mail.pop3;

/** Whether, and why, one direction's next bytes are inspected raw for a TLS record header. */
enum TlsProbe {
    /** Entered at the start and whenever a probe decided: bytes are read as lines. */
    NONE,
    /**
     * Entered at the start of a session on an implicit-TLS port (RFC 8314 §3.3): the first bytes
     * should be a TLS record; plaintext is reported and parsed as POP3.
     */
    IMPLICIT,
    /**
     * Entered when TLS may start without a visible go-ahead: STLS sent while no server bytes were
     * seen. Plaintext is not an anomaly.
     */
    UNCONFIRMED,
    /**
     * Entered on a +OK answer to STLS (RFC 2595 §4): the next bytes must be a TLS handshake;
     * plaintext instead is reported.
     */
    AFTER_GO_AHEAD
}
