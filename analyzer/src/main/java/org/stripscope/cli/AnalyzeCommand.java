package org.stripscope.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.CaptureFile;
import org.stripscope.capture.CaptureInput;
import org.stripscope.capture.CaptureInputs;
import org.stripscope.capture.PacketSource;
import org.stripscope.detect.Detection;
import org.stripscope.detect.FindingSink;
import org.stripscope.detect.Severity;
import org.stripscope.mail.MailEventSink;
import org.stripscope.report.AnomalyCounter;
import org.stripscope.report.AnonymizationKey;
import org.stripscope.report.Anonymizer;
import org.stripscope.report.FindingWriteException;
import org.stripscope.report.FindingWriter;
import org.stripscope.report.OutputFormat;
import org.stripscope.report.RunSummary;
import org.stripscope.report.ServerProfileCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stripscope analyze}: captures in, one CSV row per piece of downgrade evidence out. */
@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Reads pcap/pcapng captures and writes one CSV row (or JSON line) per piece of mail-downgrade evidence.",
            "A directory stands for the capture files directly inside it, in name order.",
            "Findings go to standard output (or --output) as they are found; the run summary and errors go to standard error."},
        footer = {"", "Examples:",
            "  stripscope analyze capture.pcap > findings.csv",
            "  stripscope analyze --smtp-ports 25,587,10025 -o findings.csv day1.pcapng day2.pcapng",
            "  stripscope analyze samples/",
            "  stripscope analyze --format jsonl capture.pcap | jq -r 'select(.severity==\"high\") | .wireshark_filter'",
            "  head -c 32 /dev/urandom > study.key; stripscope analyze --anonymize study.key -o public.csv capture.pcap",
            "  stripscope analyze -q --fail-on high capture.pcap > /dev/null || echo \"downgrade evidence found\"",
            "  stripscope analyze --servers servers.csv -o findings.csv capture.pcap && stripscope report findings.csv --servers servers.csv -o report.html",
            "", "Exit codes: 0 ok, 1 error (nothing analysed), 2 usage, 3 some input could not be read (findings from the rest were written),",
            "  4 --fail-on: a finding at or above that severity was made (takes precedence over 3)."})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "pcap or pcapng files, or directories of them")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the CSV here instead of standard output")
    Path output;

    @Option(names = "--smtp-ports", paramLabel = "PORTS", converter = PortList.Converter.class,
            description = "server ports followed as SMTP (default: ${DEFAULT-VALUE}); 465 among them is implicit TLS",
            defaultValue = "25,465,587,2525")
    PortList smtpPorts;

    @Option(names = "--imap-ports", paramLabel = "PORTS", converter = PortList.Converter.class,
            description = "server ports followed as IMAP (default: ${DEFAULT-VALUE}); 993 among them is implicit TLS",
            defaultValue = "143,993")
    PortList imapPorts;

    @Option(names = "--pop3-ports", paramLabel = "PORTS", converter = PortList.Converter.class,
            description = "server ports followed as POP3 (default: ${DEFAULT-VALUE}); 995 among them is implicit TLS",
            defaultValue = "110,995")
    PortList pop3Ports;

    @Option(names = "--servers", paramLabel = "FILE",
            description = "also write one CSV row per server seen (capabilities, STARTTLS offered, masked) to FILE")
    Path serversFile;

    @Option(names = "--fallback-window", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long after a failed TLS handshake a plaintext session of the same client to the same server counts as tls-fallback (default: ${DEFAULT-VALUE})")
    long fallbackWindowSeconds;

    @Option(names = {"-q", "--quiet"}, description = "no run summary and no progress line on standard error")
    boolean quiet;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", converter = EnumConverters.FormatConverter.class,
            completionCandidates = EnumConverters.FormatCandidates.class,
            description = "csv (default) or jsonl: one JSON object per finding and line, with the CSV's columns as keys")
    OutputFormat format;

    @Option(names = "--anonymize", paramLabel = "KEYFILE",
            description = "replace client addresses with prefix-preserving pseudonyms (Crypto-PAn) and user names with keyed hashes;"
                    + " KEYFILE holds 32 secret bytes (head -c 32 /dev/urandom > KEYFILE), the same key gives the same pseudonyms")
    Path anonymizeKey;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = EnumConverters.SeverityConverter.class,
            completionCandidates = EnumConverters.SeverityCandidates.class,
            description = "exit with code 4 when a finding of this severity or above was made: info, low, medium or high")
    Severity failOn;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto", converter = EnumConverters.WhenConverter.class,
            completionCandidates = EnumConverters.WhenCandidates.class,
            description = "progress line on standard error (bytes read, rate, time left): auto (default: when standard error is a terminal), always or never")
    EnumConverters.When progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        MailPorts ports;
        try {
            ports = MailPorts.of(smtpPorts, imapPorts, pop3Ports);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (fallbackWindowSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--fallback-window must not be negative");
        }
        Anonymizer anonymizer = null;
        if (anonymizeKey != null) {
            try {
                anonymizer = new Anonymizer(AnonymizationKey.read(anonymizeKey));
            } catch (IOException e) {
                err.println("stripscope: cannot read the key " + anonymizeKey + ": "
                        + (e instanceof NoSuchFileException ? "no such file" : reason(e)));
                return ExitCode.ERROR;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        RunSummary summary = new RunSummary();
        FailOn failing = new FailOn(failOn);
        List<CaptureInput> files = CaptureInputs.resolve(inputs);
        ProgressLine progressLine = progressLine(files, err);
        long bytesBefore = 0;
        int readFully = 0;
        Detection detection;
        try (Writer out = openOutput()) {
            FindingWriter writer = format.open(out);
            FindingSink findings = failing.watching(anonymizer == null ? writer : anonymizer.findings(writer));
            detection = new Detection(Detection.allDetectors(fallbackWindowSeconds * 1_000_000L),
                    summary.counting(findings));
            MailEventSink events = anonymizer == null ? detection : anonymizer.events(detection);
            CaptureAnalysis analysis = new CaptureAnalysis(ports, new AnomalyCounter(summary, events), summary);
            for (CaptureInput input : files) {
                if (input.hasProblem()) {
                    err.println("stripscope: " + input.problem().getMessage());
                    summary.error(input.problem().getMessage());
                    continue;
                }
                Path file = input.path();
                try {
                    if (progressLine == null) {
                        analysis.run(file, file.toString());
                    } else {
                        try (PacketSource source = new ProgressSource(CaptureFile.open(file), progressLine, bytesBefore)) {
                            analysis.run(source, file.toString());
                        } finally {
                            bytesBefore += sizeOf(file);
                        }
                    }
                    readFully++;
                } catch (CaptureException e) {
                    // The message starts a line of its own; the progress line is redrawn after it.
                    finish(progressLine);
                    err.println("stripscope: " + e.getMessage());
                    summary.error(e.getMessage());
                    if (e.kind() == CaptureException.Kind.LIBPCAP_MISSING) {
                        return ExitCode.ERROR;
                    }
                } catch (FindingWriteException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A defect must not cost the other captures their analysis, nor print a trace.
                    finish(progressLine);
                    String message = file + ": internal error, analysis of this capture stopped ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
                    err.println("stripscope: " + message);
                    summary.error(message);
                }
            }
            // Cross-session findings (starttls-stripped) are decided once everything is read.
            detection.finish();
            out.flush();
        } catch (IOException e) {
            finish(progressLine);
            err.println("stripscope: cannot write findings" + (output == null ? "" : " to " + output) + ": " + reason(e));
            return ExitCode.ERROR;
        } catch (FindingWriteException e) {
            finish(progressLine);
            err.println("stripscope: cannot write findings" + (output == null ? "" : " to " + output) + ": " + reason(e.getCause()));
            return ExitCode.ERROR;
        }
        finish(progressLine);
        if (serversFile != null && !writeServers(detection, err)) {
            return ExitCode.ERROR;
        }
        if (!quiet) {
            summary.print(err);
        }
        if (summary.hasErrors() && readFully == 0 && summary.packets() == 0) {
            return ExitCode.ERROR;
        }
        if (failing.failed()) {
            if (!quiet) {
                err.println("stripscope: " + failing.reached() + " finding" + (failing.reached() == 1 ? "" : "s")
                        + " at or above " + failOn.label() + " (--fail-on): exit code " + ExitCode.FINDINGS);
            }
            return ExitCode.FINDINGS;
        }
        return summary.hasErrors() ? ExitCode.PARTIAL : ExitCode.OK;
    }

    /** The progress line, or null when none is wanted: --quiet, --progress never, or auto without a terminal. */
    private ProgressLine progressLine(List<CaptureInput> files, PrintStream err) {
        boolean wanted = switch (progress) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> Terminal.isStderrTerminal();
        };
        if (quiet || !wanted) {
            return null;
        }
        long total = 0;
        for (CaptureInput input : files) {
            if (!input.hasProblem()) {
                total += sizeOf(input.path());
            }
        }
        return new ProgressLine(err, System::nanoTime, total);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            // Unknown size: the file's own read reports the problem; progress just counts less.
            return 0;
        }
    }

    private static void finish(ProgressLine line) {
        if (line != null) {
            line.finish();
        }
    }

    private boolean writeServers(Detection detection, PrintStream err) {
        try (Writer w = Files.newBufferedWriter(serversFile, StandardCharsets.UTF_8)) {
            ServerProfileCsv.write(detection.serverProfiles(), w);
            return true;
        } catch (IOException e) {
            err.println("stripscope: cannot write servers to " + serversFile + ": " + reason(e));
            return false;
        }
    }

    /** java.nio's exceptions carry only the path as message; say what went wrong. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "its directory does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private Writer openOutput() throws IOException {
        if (output == null) {
            return new BufferedWriter(new OutputStreamWriter(new NonClosingStream(System.out), StandardCharsets.UTF_8));
        }
        return Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    }

    /** Standard output stays open after the writer on it is closed. */
    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
