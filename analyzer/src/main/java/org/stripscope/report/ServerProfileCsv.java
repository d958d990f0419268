package org.stripscope.report;

import java.io.IOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.stripscope.detect.ServerProfile;

/**
 * Writes the run's server profiles as CSV (RFC 4180): one row per server, with how many sessions
 * offered STARTTLS/STLS and how many showed it masked, and every distinct capability list seen.
 */
public final class ServerProfileCsv {

    /** The columns, in order; documented in README.md. */
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
                        p.sessionsMasked(), Timestamps.iso8601Micros(p.firstSeenMicros()),
                        Timestamps.iso8601Micros(p.lastSeenMicros()), CellText.safe(capabilitySets(p)));
            }
        }
    }

    /** "KEYWORDS ×N" per distinct list, most frequent first, separated by " | ". */
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
