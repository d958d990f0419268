package org.stripscope.mail.event;

import org.stripscope.mail.SessionInfo;

/**
 * The client sent a command whose verb is made only of the letter X, in either case: the form an
 * inspecting firewall gives a command it suppresses (Cisco ASA ESMTP inspection overwrites a
 * command it does not allow, such as STARTTLS, with as many X characters as it has letters).
 * Parsers report the shape; detectors decide what it stood for.
 *
 * @param verb the verb as written (e.g. "XXXXXXXX")
 * @param evidence the command line, escaped
 */
public record CommandMasked(SessionInfo session, long frame, long timeMicros, String verb,
                            String evidence) implements MailEvent {
}
