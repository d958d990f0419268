package org.stripscope.report;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the CSV files the report is made from: findings ({@code analyze}) and optionally server
 * profiles ({@code analyze --servers}). Columns are found by header name, so files written
 * before a column was added (no {@code wireshark_filter}) still read; that filter is then
 * computed from the addresses and ports.
 */
public final class ReportInput {

    private ReportInput() {
    }

    /**
     * @throws IllegalArgumentException when a required column is missing or a number is not one,
     *     with the line number
     */
    public static List<FindingRow> findings(Reader in) throws IOException {
        List<FindingRow> rows = new ArrayList<>();
        try (CSVParser parser = parser(in)) {
            require(parser.getHeaderMap(), "findings", "capture", "frame", "time", "finding", "severity", "protocol",
                    "client_ip", "client_port", "server_ip", "server_port", "evidence", "detail");
            boolean hasFilter = parser.getHeaderMap().containsKey(CsvColumn.WIRESHARK_FILTER.header());
            for (CSVRecord r : parser) {
                String clientIp = text(r, "client_ip");
                int clientPort = (int) number(r, "client_port");
                String serverIp = text(r, "server_ip");
                int serverPort = (int) number(r, "server_port");
                String filter = hasFilter ? text(r, "wireshark_filter") : "";
                if (filter.isEmpty()) {
                    filter = WiresharkFilter.of(clientIp, clientPort, serverIp, serverPort);
                }
                rows.add(new FindingRow(text(r, "capture"), number(r, "frame"), text(r, "time"), text(r, "finding"),
                        text(r, "severity"), text(r, "protocol"), clientIp, clientPort, serverIp, serverPort,
                        text(r, "evidence"), text(r, "detail"), filter));
            }
        }
        return rows;
    }

    public static List<ServerRow> servers(Reader in) throws IOException {
        List<ServerRow> rows = new ArrayList<>();
        try (CSVParser parser = parser(in)) {
            require(parser.getHeaderMap(), "servers", "server", "port", "protocol", "greeting_host", "sessions",
                    "sessions_offering_starttls", "sessions_masked");
            for (CSVRecord r : parser) {
                rows.add(new ServerRow(text(r, "server"), (int) number(r, "port"), text(r, "protocol"),
                        text(r, "greeting_host"), number(r, "sessions"), number(r, "sessions_offering_starttls"),
                        number(r, "sessions_masked")));
            }
        }
        return rows;
    }

    private static CSVParser parser(Reader in) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
    }

    private static void require(Map<String, Integer> header, String what, String... columns) {
        for (String c : columns) {
            if (!header.containsKey(c)) {
                throw new IllegalArgumentException("not a " + what + " CSV: no column '" + c + "' in the header");
            }
        }
    }

    /** The field, with the apostrophe that {@link CellText#safe} put before formula characters removed. */
    private static String text(CSVRecord r, String column) {
        String v = r.isMapped(column) && r.isSet(column) ? r.get(column) : "";
        if (v.length() >= 2 && v.charAt(0) == '\'') {
            char c = v.charAt(1);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                return v.substring(1);
            }
        }
        return v;
    }

    private static long number(CSVRecord r, String column) {
        String v = text(r, column);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + (r.getRecordNumber() + 1) + ": " + column + " '" + v + "' is not a number");
        }
    }
}
