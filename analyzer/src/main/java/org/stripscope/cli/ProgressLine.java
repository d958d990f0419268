package org.stripscope.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line on standard error: bytes read of the total, rate and time left, redrawn in
 * place (carriage return) at most four times a second. Nothing is drawn during the first second,
 * so short runs stay silent, and the line is erased when the run ends.
 */
final class ProgressLine {

    /** Nothing is drawn before the run is this old: quick runs need no progress. */
    static final long FIRST_DRAW_NANOS = 1_000_000_000L;
    /** Redraws are at least this far apart. */
    static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream err;
    private final LongSupplier nanoTime;
    private final long totalBytes;
    private final long startNanos;
    private long lastDrawNanos;
    private int drawnWidth;

    ProgressLine(PrintStream err, LongSupplier nanoTime, long totalBytes) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.totalBytes = totalBytes;
        this.startNanos = nanoTime.getAsLong();
        this.lastDrawNanos = startNanos;
    }

    /** Called now and then with the bytes read so far; draws when a redraw is due. */
    void update(long bytesRead) {
        long now = nanoTime.getAsLong();
        long elapsed = now - startNanos;
        if (elapsed < FIRST_DRAW_NANOS || now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        String text = text(Math.min(bytesRead, totalBytes), totalBytes, elapsed);
        // Pad with blanks over the end of a longer previous line.
        int pad = Math.max(0, drawnWidth - text.length());
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
        drawnWidth = text.length();
    }

    /** Erases the line, if one was drawn. */
    void finish() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    /** e.g. {@code stripscope: 1.2 GiB of 4.0 GiB (30%), 85.3 MiB/s, 0:34 left}. */
    static String text(long read, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? read / seconds : 0;
        StringBuilder sb = new StringBuilder(64);
        sb.append("stripscope: ").append(bytes(read)).append(" of ").append(bytes(total));
        if (total > 0) {
            sb.append(" (").append(read * 100 / total).append("%)");
        }
        sb.append(", ").append(bytes((long) rate)).append("/s");
        if (rate > 0 && total > read) {
            sb.append(", ").append(duration((long) Math.ceil((total - read) / rate))).append(" left");
        }
        return sb.toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
