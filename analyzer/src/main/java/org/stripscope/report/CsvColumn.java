package org.stripscope.report;

import org.stripscope.detect.Finding;

/**
 * The CSV contract: these columns, in this order. New columns may be added at the end, never
 * between; scripts rely on the names.
 */
public enum CsvColumn {
    /** The capture's file name as the user gave it. */
    CAPTURE,
    /** 1-based number of the packet holding the evidence (Wireshark's frame.number). */
    FRAME,
    /** That packet's timestamp, ISO-8601 UTC with microseconds. */
    TIME,
    /** The finding code (README.md lists them). */
    FINDING,
    /** high, medium, low or info. */
    SEVERITY,
    /** smtp, imap or pop3. */
    PROTOCOL,
    /** The client's address (the side that opened the connection). */
    CLIENT_IP,
    CLIENT_PORT,
    /** The mail server's address. */
    SERVER_IP,
    SERVER_PORT,
    /** The protocol lines that prove the finding, escaped, secrets redacted. */
    EVIDENCE,
    /** A short human explanation. */
    DETAIL,
    /**
     * A Wireshark display filter that isolates the session's packets (both addresses and both
     * ports), e.g. {@code ip.addr==192.0.2.10 && ip.addr==198.51.100.25 && tcp.port==49152 && tcp.port==25}.
     */
    WIRESHARK_FILTER;

    /** The header name, as written in the CSV's first row. */
    public String header() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the value is a whole number (written unquoted in JSON). */
    public boolean isNumber() {
        return this == FRAME || this == CLIENT_PORT || this == SERVER_PORT;
    }

    /** This column's value for a finding, before output neutralisation. */
    String valueOf(Finding f) {
        return switch (this) {
            case CAPTURE -> f.session().capture();
            case FRAME -> Long.toString(f.frame());
            case TIME -> Timestamps.iso8601Micros(f.timeMicros());
            case FINDING -> f.code().code();
            case SEVERITY -> f.severity().label();
            case PROTOCOL -> f.session().protocol().label();
            case CLIENT_IP -> f.session().clientIp();
            case CLIENT_PORT -> Integer.toString(f.session().clientPort());
            case SERVER_IP -> f.session().serverIp();
            case SERVER_PORT -> Integer.toString(f.session().serverPort());
            case EVIDENCE -> f.evidence();
            case DETAIL -> f.detail();
            case WIRESHARK_FILTER -> WiresharkFilter.of(f.session());
        };
    }
}
