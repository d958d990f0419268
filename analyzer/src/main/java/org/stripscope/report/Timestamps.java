package org.stripscope.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Packet timestamps as the CSV writes them. */
public final class Timestamps {

    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * The last second formatted: findings come in capture order, so most share their second with
     * the one before, and only the six fraction digits are new. Immutable, so any thread may use it.
     */
    private record FormattedSecond(long second, String text) {
    }

    private static volatile FormattedSecond last = new FormattedSecond(0, ISO_SECONDS.format(Instant.EPOCH));

    private Timestamps() {
    }

    /** e.g. {@code 2009-10-05T06:06:07.492353Z}: ISO-8601, UTC, always six fraction digits. */
    public static String iso8601Micros(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        long micros = Math.floorMod(epochMicros, 1_000_000L);
        FormattedSecond second = last;
        if (second.second() != seconds) {
            second = new FormattedSecond(seconds, ISO_SECONDS.format(Instant.ofEpochSecond(seconds)));
            last = second;
        }
        StringBuilder sb = new StringBuilder(second.text().length() + 8).append(second.text()).append('.');
        String digits = Long.toString(micros);
        for (int i = digits.length(); i < 6; i++) {
            sb.append('0');
        }
        return sb.append(digits).append('Z').toString();
    }
}
