package org.stripscope.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stripscope.detect.FindingSink;

/**
 * The run's figures for the summary on stderr: packets, mail sessions, findings by code,
 * anomalies by reason, and the inputs that could not be read. Stages report their own counters
 * here when a capture ends; findings are counted as they pass through.
 */
public final class RunSummary {

    private long captures;
    private long packets;
    private long mailSessions;
    private final Map<String, Long> findings = new TreeMap<>();
    private final Map<String, Long> anomalies = new TreeMap<>();
    private final List<String> errors = new ArrayList<>();

    /** Wraps a sink so every finding that passes is counted. */
    public FindingSink counting(FindingSink next) {
        return finding -> {
            findings.merge(finding.code().code(), 1L, Long::sum);
            next.accept(finding);
        };
    }

    public void captureDone(long packetCount) {
        captures++;
        packets += packetCount;
    }

    public void mailSessionOpened() {
        mailSessions++;
    }

    /**
     * Adds to an anomaly counter, e.g. ("decode", "fragment_ipv4", 3), printed as
     * {@code decode.fragment-ipv4}: one naming style whatever the stage's own. Zero counts are
     * ignored.
     */
    public void anomaly(String stage, String reason, long count) {
        if (count != 0) {
            anomalies.merge(stage + "." + reason.replace('_', '-'), count, Long::sum);
        }
    }

    public void error(String message) {
        errors.add(message);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public long findingCount() {
        return findings.values().stream().mapToLong(Long::longValue).sum();
    }

    public long packets() {
        return packets;
    }

    public void print(PrintStream err) {
        err.printf("stripscope: %s, %s, %s, %s%n", count(captures, "capture"), count(packets, "packet"),
                count(mailSessions, "mail session"), count(findingCount(), "finding"));
        if (!findings.isEmpty()) {
            err.println("  findings: " + join(findings));
        }
        if (!anomalies.isEmpty()) {
            err.println("  anomalies: " + join(anomalies));
        }
        if (!errors.isEmpty()) {
            err.println("  inputs not fully read: " + errors.size());
        }
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String join(Map<String, Long> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.toString();
    }
}
