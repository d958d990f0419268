package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * One authentication exchange, reported when it ends (final reply, session end, or the client
 * moved on). Emitted for every AUTH/LOGIN/USER-PASS that names a mechanism, inside TLS or not;
 * detectors decide what is notable.
 *
 * @param mechanism the SASL mechanism upper-cased ("PLAIN", "LOGIN", "XOAUTH2"), or "USER"/"LOGIN"
 *     style names for the protocols' own commands
 * @param username the decoded user name, raw (ISO-8859-1), or null when it could not be read
 * @param credentials what the client actually sent
 * @param outcome what the server answered
 * @param commandFrame the frame of the command that started the exchange
 * @param inTls true when TLS was confirmed before the exchange
 * @param evidence the exchange's lines with every secret replaced by {@code <redacted N bytes>}
 */
public record AuthAttempt(SessionInfo session, long frame, long timeMicros,
                          String mechanism, String username, Credentials credentials,
                          Outcome outcome, String outcomeCode, long commandFrame, boolean inTls,
                          String evidence) implements MailEvent {

    /** What the client revealed. */
    public enum Credentials {
        /** The mechanism was named but no credential bytes followed (rejected, cancelled, cut off). */
        NONE,
        /** Only a user name was sent (e.g. AUTH LOGIN answered up to the password prompt). */
        USERNAME_ONLY,
        /** A password or bearer token readable by anyone on the path (PLAIN, LOGIN, XOAUTH2...). */
        CLEARTEXT_SECRET,
        /** A challenge-response proof (CRAM-MD5, DIGEST-MD5, NTLM, SCRAM): no reusable password. */
        CHALLENGE_RESPONSE,
        /** Data whose nature is unknown (unrecognised mechanism). */
        UNKNOWN,
        /**
         * The client's side of the exchange is not in the capture (one-sided or mid-session), but
         * the server's success reply shows that credentials were sent and accepted.
         */
        NOT_CAPTURED
    }

    /** The server's final answer to the exchange. */
    public enum Outcome { ACCEPTED, REJECTED, UNKNOWN }
}
