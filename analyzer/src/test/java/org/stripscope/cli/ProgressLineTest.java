package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final long MIB = 1024 * 1024;

    /** A clock the test moves by hand. */
    private static final class Clock {
        long nanos = 5_000_000_000L;
    }

    @Test
    void nothingIsDrawnInTheFirstSecond_soShortRunsStaySilent() {
        Clock clock = new Clock();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), () -> clock.nanos, 100 * MIB);
        clock.nanos += 900_000_000L;
        line.update(50 * MIB);
        line.finish();
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void lineShowsBytesOfTotalRateAndTimeLeft_thenIsErased() {
        Clock clock = new Clock();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), () -> clock.nanos, 100 * MIB);
        clock.nanos += 2_000_000_000L;
        line.update(25 * MIB);
        // 25 MiB in 2 s is 12.5 MiB/s; 75 MiB are left: 6 s.
        assertEquals("\rstripscope: 25.0 MiB of 100.0 MiB (25%), 12.5 MiB/s, 0:06 left", err.toString(StandardCharsets.UTF_8));
        int drawn = err.size();
        clock.nanos += 100_000_000L;
        line.update(26 * MIB);
        assertEquals(drawn, err.size(), "no redraw within 250 ms");
        err.reset();
        line.finish();
        String erased = err.toString(StandardCharsets.UTF_8);
        assertEquals("\r" + " ".repeat(drawn - 1) + "\r", erased, "the line is blanked out");
    }

    @Test
    void sizesAndDurationsAreWrittenForPeople() {
        assertEquals("512 B", ProgressLine.bytes(512));
        assertEquals("1.5 KiB", ProgressLine.bytes(1536));
        assertEquals("2.0 GiB", ProgressLine.bytes(2L << 30));
        assertEquals("0:59", ProgressLine.duration(59));
        assertEquals("1:01:01", ProgressLine.duration(3661));
    }
}
