package org.stripscope.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stripscope.report.FindingRow;
import org.stripscope.report.HtmlReport;
import org.stripscope.report.ReportInput;
import org.stripscope.report.ReportModel;
import org.stripscope.report.ServerRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stripscope report}: a findings CSV in, one self-contained HTML page out. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Makes one self-contained HTML report from a findings CSV: no network access, inline CSS and SVG.",
            "It shows headline figures, findings by code and over time, a table per server and per client network"
                + " (/24, /48), and every finding with its evidence and a Wireshark display filter for its session."},
        footer = {"", "Examples:",
            "  stripscope analyze --servers servers.csv -o findings.csv capture.pcap",
            "  stripscope report findings.csv --servers servers.csv --output report.html",
            "  stripscope report findings.csv -o report.html",
            "  (without --servers, sessions without findings are not counted)",
            "", "Exit codes: 0 ok, 1 error (input unreadable or not a findings CSV, output not writable), 2 usage."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FINDINGS_CSV", description = "findings written by 'stripscope analyze' (CSV format)")
    Path findingsFile;

    @Option(names = "--servers", paramLabel = "FILE", description = "the servers CSV of the same run (analyze --servers FILE)")
    Path serversFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "the HTML file to write")
    Path output;

    @Override
    public Integer call() {
        List<FindingRow> findings;
        List<ServerRow> servers = null;
        Path reading = findingsFile;
        try {
            try (Reader in = Files.newBufferedReader(findingsFile, StandardCharsets.UTF_8)) {
                findings = ReportInput.findings(in);
            }
            if (serversFile != null) {
                reading = serversFile;
                try (Reader in = Files.newBufferedReader(serversFile, StandardCharsets.UTF_8)) {
                    servers = ReportInput.servers(in);
                }
            }
        } catch (IOException e) {
            System.err.println("stripscope: cannot read " + reading + ": " + reason(e));
            return ExitCode.ERROR;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports malformed CSV (an unterminated quote) as IllegalStateException.
            System.err.println("stripscope: " + reading + ": " + e.getMessage());
            return ExitCode.ERROR;
        }
        String sources = findingsFile + (serversFile == null ? "" : " and " + serversFile);
        String html = new HtmlReport(new ReportModel(findings, servers), new VersionProvider().getVersion()[0], sources).render();
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            w.write(html);
        } catch (IOException e) {
            System.err.println("stripscope: cannot write " + output + ": " + reason(e));
            return ExitCode.ERROR;
        }
        return ExitCode.OK;
    }

    /** java.nio's exceptions carry only the path as message; say what went wrong. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
