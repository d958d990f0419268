package org.stripscope.mail.smtp;

/** The SMTP reply codes the parser acts on (RFC 5321 §4.2.2 and §4.2.3, RFC 4954 §6). */
final class SmtpReplyCode {

    /** Service ready: the greeting (RFC 5321 §4.3.1), or the STARTTLS go-ahead (RFC 3207 §4). */
    static final int READY = 220;
    /** Authentication succeeded (RFC 4954 §6). */
    static final int AUTH_OK = 235;
    /** Requested mail action okay, completed; a positive EHLO reply (RFC 5321 §4.1.1.1). */
    static final int OK = 250;
    /** A SASL challenge: the client sends a response next (RFC 4954 §4). */
    static final int AUTH_CONTINUE = 334;
    /** Start mail input: the DATA content follows (RFC 5321 §4.1.1.4). */
    static final int START_MAIL_INPUT = 354;
    /** Service not available, closing the channel (RFC 5321 §3.8). */
    static final int CLOSING = 421;
    /** Transaction failed; as a greeting, no SMTP service here (RFC 5321 §4.3.1). */
    static final int TRANSACTION_FAILED = 554;

    private SmtpReplyCode() {
    }
}
