package org.stripscope.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Packet timestamps as the CSV writes them. */
public final class Timestamps {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** e.g. {@code 2009-10-05T06:06:07.492353Z}: ISO-8601, UTC, always six fraction digits. */
    public static String iso8601Micros(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        long micros = Math.floorMod(epochMicros, 1_000_000L);
        return ISO_MICROS.format(Instant.ofEpochSecond(seconds, micros * 1_000L));
    }
}
