package org.stripscope.mail;

/** The mail protocols stripscope follows; the lower-case name is the CSV's protocol column. */
public enum Protocol {
    SMTP, IMAP, POP3;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
