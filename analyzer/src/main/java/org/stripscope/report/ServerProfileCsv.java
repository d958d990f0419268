package org.stripscope.report;

import java.io.IOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.stripscope.detect.ServerProfile;

/**
 * Writes the run's server profiles as CSV (RFC 4180): one row per server (address, port,
 * protocol, greeting host), with how many sessions offered STARTTLS/STLS and how many showed it
 * masked, and every distinct capability list seen. Rows come in the order given (the detect
 * stage orders them by address, port, protocol and host).
 */
public final class ServerProfileCsv {

    /**
     * The columns, in order; documented in docs/findings.md (Server profiles). New columns may be added at the end only.
     * <ul>
     *   <li>server: the server's address;</li>
     *   <li>port, protocol: its mail port and protocol (smtp, imap, pop3);</li>
     *   <li>greeting_host: the first word of the SMTP banner, lower-cased; empty for IMAP and
     *   POP3 and when the banner was absent or masked;</li>
     *   <li>sessions: the sessions to it that ended;</li>
     *   <li>sessions_offering_starttls: sessions whose first plaintext capability list (before
     *   login, no bytes lost) offered STARTTLS/STLS;</li>
     *   <li>sessions_masked: sessions whose such list held an altered STARTTLS/STLS instead;</li>
     *   <li>first_seen, last_seen: the first and last event time of its sessions, ISO-8601 UTC,
     *   empty when no session ended;</li>
     *   <li>capability_sets: each distinct list, "KEYWORDS xN", most frequent first, joined by
     *   " | ".</li>
     * </ul>
     */
    public static final List<String> HEADER = List.of("server", "port", "protocol", "greeting_host",
            "sessions", "sessions_offering_starttls", "sessions_masked", "first_seen", "last_seen",
            "capability_sets");

    private ServerProfileCsv() {
    }

    public static void write(List<ServerProfile> profiles, Appendable out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader(HEADER.toArray(String[]::new))
                .setQuoteMode(QuoteMode.MINIMAL)
                .get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (ServerProfile p : profiles) {
                printer.printRecord(
                        CellText.safe(p.serverIp()), p.port(), p.protocol().label(),
                        CellText.safe(p.greetingHost()), p.sessions(), p.sessionsOfferingStartTls(),
                        p.sessionsMasked(), time(p, p.firstSeenMicros()), time(p, p.lastSeenMicros()),
                        CellText.safe(capabilitySets(p)));
            }
        }
    }

    /** A profile whose sessions have not ended has no times yet. */
    private static String time(ServerProfile p, long micros) {
        return p.sessions() == 0 ? "" : Timestamps.iso8601Micros(micros);
    }

    /** "KEYWORDS xN" per distinct list, most frequent first, separated by " | ". */
    static String capabilitySets(ServerProfile p) {
        StringBuilder sb = new StringBuilder();
        for (ServerProfile.CapabilitySet set : p.capabilitySets()) {
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(set.keywords()).append(" x").append(set.sessions());
        }
        return sb.toString();
    }
}
