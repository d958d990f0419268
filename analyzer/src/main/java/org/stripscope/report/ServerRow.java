package org.stripscope.report;

/** One row of a servers CSV ({@code analyze --servers}), the figures the report uses. */
public record ServerRow(String server, int port, String protocol, String greetingHost, long sessions,
                        long sessionsOfferingStartTls, long sessionsMasked) {
}
