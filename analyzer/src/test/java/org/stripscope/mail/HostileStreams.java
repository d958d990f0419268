package org.stripscope.mail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.stripscope.detect.Detection;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.report.CellText;
import org.stripscope.report.CsvFindingWriter;
import org.stripscope.tcp.CloseReason;
import org.stripscope.tcp.StreamListener;

/**
 * Feeds hostile byte streams to a mail session parser, through detection and the CSV writer, and
 * checks what comes out: no exception, every CSV cell within the cap and free of raw control
 * bytes. Used by the fuzz tests of every protocol.
 */
public final class HostileStreams {

    /** Longest cell text: the cap, its "...[N more chars]" marker and a formula-guard quote. */
    public static final int MAX_CELL_CHARS = CellText.MAX_FIELD_CHARS + 32;

    private final StringBuilder csv = new StringBuilder();
    private final Detection detection;
    private long events;

    public HostileStreams() {
        try {
            CsvFindingWriter writer = new CsvFindingWriter(csv);
            detection = new Detection(Detection.allDetectors(), writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SessionInfo session(Protocol protocol, int serverPort) {
        return new SessionInfo("fuzz.pcap", 1, protocol, "192.0.2.10", 50123, "198.51.100.25", serverPort, true);
    }

    /** The event sink a session under test writes to: counts, then detection. */
    public MailEventSink sink() {
        return this::accept;
    }

    private void accept(MailEvent event) {
        events++;
        detection.accept(event);
    }

    public long events() {
        return events;
    }

    /**
     * Random operations: data of either direction in chunks of any size, gaps, then a close with
     * any reason.
     */
    public static void feedOperations(StreamListener session, FuzzedDataProvider data) {
        long frame = 0;
        while (data.remainingBytes() > 1) {
            frame++;
            int op = data.consumeInt(0, 15);
            boolean fromClient = data.consumeBoolean();
            if (op == 0) {
                session.onGap(fromClient, data.consumeLong(1, 1L << 32), frame, frame * 1000);
            } else {
                byte[] chunk = data.consumeBytes(data.consumeInt(0, 600));
                session.onData(fromClient, chunk, 0, chunk.length, frame, frame * 1000);
            }
        }
        CloseReason[] reasons = CloseReason.values();
        session.onClose(reasons[data.consumeInt(0, reasons.length - 1)], frame + 1, (frame + 1) * 1000);
    }

    /**
     * A transcript as text, possibly mutated: each line starting with 'C' goes from the client,
     * any other from the server, the rest of the line after "X: " (or after the first byte) with
     * CRLF restored, "<CRLF>" and "<LF>" markers spelled out; delivered in chunks of
     * {@code chunk} bytes.
     */
    public static void feedTranscript(StreamListener session, byte[] text, int chunk) {
        String all = new String(text, StandardCharsets.ISO_8859_1);
        long frame = 0;
        for (String line : all.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            boolean fromClient = line.charAt(0) == 'C';
            String body = line.startsWith("C: ") || line.startsWith("S: ") ? line.substring(3) : line.substring(1);
            body = body.replace("<CRLF>", "\r\n").replace("<LF>", "\n").replace("<CR>", "\r");
            if (!body.endsWith("\n")) {
                body += "\r\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
            for (int at = 0; at < bytes.length; at += Math.max(1, chunk)) {
                int n = Math.min(Math.max(1, chunk), bytes.length - at);
                frame++;
                session.onData(fromClient, bytes, at, n, frame, frame * 1000);
            }
        }
        session.onClose(CloseReason.FIN, frame + 1, (frame + 1) * 1000);
    }

    /** Builds a session for {@code sink()} and returns it. */
    public StreamListener open(Function<MailEventSink, StreamListener> factory) {
        return factory.apply(sink());
    }

    /** Checks every CSV cell written so far: parseable, capped, no raw control bytes. */
    public void assertOutputSafe() {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(csv.toString()))) {
            for (CSVRecord record : parser) {
                for (String cell : record) {
                    assertTrue(cell.length() <= MAX_CELL_CHARS, "cell of " + cell.length() + " chars");
                    for (int i = 0; i < cell.length(); i++) {
                        char c = cell.charAt(i);
                        assertTrue(c >= 0x20 && c != 0x7f, "raw control char " + (int) c + " in cell: " + cell);
                    }
                    if (!cell.isEmpty()) {
                        char first = cell.charAt(0);
                        assertTrue("=+-@".indexOf(first) < 0, "cell starts a formula: " + cell);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String csv() {
        return csv.toString();
    }
}
