package org.stripscope.mail;

import org.stripscope.mail.event.MailEvent;

/** Where session parsers send their events, in the order they happen. */
@FunctionalInterface
public interface MailEventSink {
    void accept(MailEvent event);
}
