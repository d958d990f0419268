package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * A message crossed the session: SMTP DATA or BDAT content accepted for transfer (354, or BDAT
 * bytes sent), a POP3 RETR or TOP answered +OK, an IMAP FETCH answered with a body section, or an
 * IMAP APPEND literal. Reported once per message, when it starts.
 *
 * @param command the command that moved it ("DATA", "BDAT", "RETR", "TOP", "FETCH", "APPEND")
 * @param inTls true when TLS was confirmed before
 * @param evidence the command line, escaped
 */
public record MessageTransfer(SessionInfo session, long frame, long timeMicros, String command,
                              boolean inTls, String evidence) implements MailEvent {
}
