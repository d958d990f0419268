package org.stripscope.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stripscope.capture.LiveCapture;
import org.stripscope.capture.LiveInterfaceStats;
import org.stripscope.capture.LivePcapWriter;

/**
 * The packet loop of a live capture, on the calling thread: each packet goes through the analysis
 * as it arrives (findings are written from inside it), the mail packets also to the evidence file;
 * about once a second, with or without packets, idle flows are swept and the evidence file
 * flushed. The loop ends when the capture ends: after a stop request (signal, {@code --duration},
 * {@code --packets}) or when every interface has failed. The sessions still open are then
 * evaluated.
 */
final class LiveRun {

    /** How long one wait for a packet lasts before the time-based work is checked. */
    private static final long POLL_MILLIS = 200;

    private final LiveCapture capture;
    private final CaptureAnalysis.Pass pass;
    private final LivePcapWriter evidence;
    private final long durationNanos;
    private final long packetLimit;
    private final List<String> failures = new ArrayList<>();
    private final PrintStream err;
    private List<LiveInterfaceStats> stats = List.of();

    /**
     * @param evidence null for none
     * @param durationNanos 0 for no limit
     * @param packetLimit 0 for no limit
     * @param err where problems are reported the moment they are noticed
     */
    LiveRun(LiveCapture capture, CaptureAnalysis.Pass pass, LivePcapWriter evidence, long durationNanos,
            long packetLimit, PrintStream err) {
        this.err = err;
        this.capture = capture;
        this.pass = pass;
        this.evidence = evidence;
        this.durationNanos = durationNanos;
        this.packetLimit = packetLimit;
    }

    /** Captures until the capture ends, then closes the open sessions and the capture. */
    void run() {
        long start = System.nanoTime();
        long lastTick = start;
        boolean evidenceFailed = false;
        Exception failure = null;
        capture.start();
        try {
            while (true) {
                int status = capture.poll(POLL_MILLIS);
                if (status == LiveCapture.END) {
                    break;
                }
                if (status == LiveCapture.PACKET) {
                    boolean mail = pass.onFrame(capture.linkType(), capture.data(), capture.capturedLength(),
                            capture.frame(), capture.timestampMicros());
                    if (mail && evidence != null) {
                        evidence.write(capture.timestampMicros(), capture.data(), capture.capturedLength(),
                                capture.wireLength());
                    }
                    if (packetLimit > 0 && capture.frame() >= packetLimit) {
                        break;
                    }
                }
                long now = System.nanoTime();
                if (durationNanos > 0 && now - start >= durationNanos && !capture.stopRequested()) {
                    capture.stop();
                }
                if (now - lastTick >= LiveCommand.TICK_NANOS) {
                    lastTick = now;
                    pass.tick(wallClockMicros());
                    if (evidence != null && !evidence.flush() && !evidenceFailed) {
                        evidenceFailed = true;
                        fail(evidence.name() + ": writing the evidence capture failed (disk full?)");
                    }
                    for (String change : capture.linkChanges()) {
                        if (change.contains("went down")) {
                            fail(change);
                        } else {
                            err.println("stripscope: " + change);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            // Readers joined and handles closed first, so the final counters are complete.
            capture.close();
            stats = capture.stats();
            capture.failures().forEach(this::fail);
            pass.closeAll(failure);
            pass.finish();
            if (evidence != null && !evidence.flush() && !evidenceFailed) {
                fail(evidence.name() + ": writing the evidence capture failed (disk full?)");
            }
        }
    }

    /** A problem: reported now, and again as a failure of the run (exit code 3). */
    private void fail(String message) {
        err.println("stripscope: " + message);
        failures.add(message);
    }

    /** Interfaces that failed or went down during the run, evidence writes that failed; already reported. */
    List<String> failures() {
        return failures;
    }

    /** The final pcap_stats of each interface. */
    List<LiveInterfaceStats> stats() {
        return stats;
    }

    LivePcapWriter evidence() {
        return evidence;
    }

    long evidencePackets() {
        return evidence == null ? 0 : evidence.packets();
    }

    /** One summary line, e.g. "interface eth0: 1200 received, 0 dropped by the kernel, 0 dropped by the interface". */
    static String describe(LiveInterfaceStats s) {
        if (!s.known()) {
            return "interface " + s.device() + ": no capture statistics (libpcap could not give them)";
        }
        return "interface " + s.device() + ": " + s.received() + " received, " + s.droppedByKernel()
                + " dropped by the kernel, " + s.droppedByInterface() + " dropped by the interface";
    }

    private static long wallClockMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
