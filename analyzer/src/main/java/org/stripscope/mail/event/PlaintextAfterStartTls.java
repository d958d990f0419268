package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * Plaintext bytes that crossed a STARTTLS/STLS exchange before TLS could begin: client bytes sent
 * behind the STARTTLS command in the same flight (before its reply), or server bytes after its
 * positive reply and before the TLS handshake. Such bytes are read in plaintext by one side and
 * later treated as if they were protected (CVE-2011-0411, "command injection"; Poddebniak et al.,
 * "Why TLS is better without STARTTLS", USENIX Security 2021).
 *
 * @param fromClient which direction sent the bytes
 * @param bytes how many such bytes were seen
 * @param evidence the first of those bytes, escaped, secrets redacted
 */
public record PlaintextAfterStartTls(SessionInfo session, long frame, long timeMicros,
                                     boolean fromClient, long bytes, String evidence)
        implements MailEvent {
}
