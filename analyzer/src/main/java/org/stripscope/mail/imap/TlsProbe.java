package org.stripscope.mail.imap;

/** Whether, and why, one direction's next bytes are inspected raw for a TLS record header. */
enum TlsProbe {
    /** Entered at the start and whenever a probe decided: bytes are read as lines. */
    NONE,
    /**
     * Entered at the start of a session on an implicit-TLS port (RFC 8314 §3.3): the first bytes
     * should be a TLS record; plaintext is reported and parsed as IMAP.
     */
    IMPLICIT,
    /**
     * Entered when TLS may start without a visible go-ahead: STARTTLS sent and its completion not
     * seen yet. Plaintext is not an anomaly here.
     */
    UNCONFIRMED,
    /**
     * Entered on a tagged OK to STARTTLS (RFC 9051 §6.2.1): the client's next bytes must be a TLS
     * ClientHello; plaintext instead is reported as TLS not followed.
     */
    AFTER_GO_AHEAD
}
