package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stripscope.capture.CaptureException;
import org.stripscope.detect.Detection;
import org.stripscope.report.AnomalyCounter;
import org.stripscope.report.CsvFindingWriter;
import org.stripscope.report.RunSummary;

/**
 * Coverage-guided fuzzing of the whole path a capture file takes: libpcap's pcap and pcapng
 * readers, the decoder, the flow table and the mail sessions, detection and the CSV writer. The
 * seeds are the samples; a damaged file may only end in a {@link CaptureException}.
 */
class FuzzCaptureFileTest {

    private static final MailPorts PORTS;
    private static final Path FILE;

    static {
        try {
            PortList.Converter ports = new PortList.Converter();
            PORTS = MailPorts.of(ports.convert("25,465,587,2525"), ports.convert("143,993"), ports.convert("110,995"));
            FILE = Files.createTempFile("stripscope-fuzz", ".pcap");
            FILE.toFile().deleteOnExit();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyFile_isAnalysedOrRefusedWithACaptureException(byte[] file) throws IOException {
        Files.write(FILE, file);
        StringBuilder csv = new StringBuilder();
        RunSummary summary = new RunSummary();
        Detection detection = new Detection(Detection.allDetectors(), summary.counting(new CsvFindingWriter(csv)));
        CaptureAnalysis analysis = new CaptureAnalysis(PORTS, new AnomalyCounter(summary, detection), summary);
        try {
            analysis.run(FILE, "fuzz.pcap");
        } catch (CaptureException expected) {
            assertTrue(expected.getMessage().startsWith("fuzz.pcap") || expected.getMessage().contains(FILE.toString()),
                    "the message names the file: " + expected.getMessage());
        }
        detection.finish();
        assertTrue(detection.openSessions() == 0, "every session closed at the end of the capture");
    }
}
