package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static String reference(long micros) {
        return REFERENCE.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L));
    }

    @Test
    void everyTimestamp_isFormattedAsTheIsoFormatterFormatsIt() {
        Random random = new Random(7);
        long[] fixed = {0, 1, 999_999, 1_000_000, -1, -1_000_001, 1_795_899_551_000_001L, 4_294_967_295_999_999L,
            -2_147_483_648_000_000L, 253_402_300_799_999_999L, 253_402_300_800_000_000L};
        for (long t : fixed) {
            assertEquals(reference(t), Timestamps.iso8601Micros(t), "t=" + t);
        }
        long t = 1_700_000_000_000_000L;
        for (int i = 0; i < 100_000; i++) {
            // Mostly small steps (same second, next second), sometimes far jumps either way.
            t += i % 1000 == 0 ? random.nextLong() % 10_000_000_000_000_000L : random.nextInt(2_000_000);
            assertEquals(reference(t), Timestamps.iso8601Micros(t), "t=" + t);
        }
    }
}
