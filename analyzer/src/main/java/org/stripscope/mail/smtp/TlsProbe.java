package org.stripscope.mail.smtp;

/** Whether, and why, one direction's next bytes are inspected raw for a TLS record header. */
enum TlsProbe {
    /** Entered at the start and whenever a probe decided: bytes are read as lines. */
    NONE,
    /**
     * Entered at the start of a session on an implicit-TLS port (RFC 8314 §3.3): the first bytes
     * should be a TLS record; plaintext is parsed as SMTP.
     */
    IMPLICIT,
    /**
     * Entered when TLS may start without a visible go-ahead: STARTTLS sent while no server bytes
     * were seen, or a 220 answering a command that was not seen. Plaintext is not an anomaly.
     */
    UNCONFIRMED,
    /**
     * Entered on a 220 reply to STARTTLS (RFC 3207 §4): the client's next bytes must be a TLS
     * ClientHello; plaintext instead is reported as TLS not followed.
     */
    AFTER_GO_AHEAD
}
