package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders the samples' report in headless Chromium, as a reader opens it: the page must log
 * nothing to the console (no script error, no blocked load), and the figures of the DOM the
 * browser built must match the CSV. The screenshot and the DOM are kept in
 * target/report-browser/.
 *
 * <p>Needs Debian's chromium: scripts/test-report installs it (as root) and sets
 * {@code -Dstripscope.browser=required}, under which a missing browser fails the test instead of
 * skipping it.
 */
class ReportInBrowserTest {

    private static final Path OUT = Path.of("target", "report-browser").toAbsolutePath();
    private static Path chromium;

    @BeforeAll
    static void findChromium() {
        String given = System.getProperty("stripscope.chromium", "");
        for (String candidate : List.of(given, "/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate))) {
                chromium = Path.of(candidate);
                return;
            }
        }
        String reason = "chromium is not installed (scripts/test-report installs it when run as root)";
        if ("required".equals(System.getProperty("stripscope.browser"))) {
            throw new AssertionError(reason);
        }
        Assumptions.abort(reason);
    }

    @Test
    void samplesReport_rendersWithoutConsoleMessagesAndShowsTheCsvFigures() throws Exception {
        Files.createDirectories(OUT);
        Path findings = OUT.resolve("findings.csv");
        Path servers = OUT.resolve("servers.csv");
        Path html = OUT.resolve("report.html");
        // Paths relative to the repository, where the commands run: the page names its inputs so.
        String f = Cli.ROOT.relativize(findings).toString();
        String s = Cli.ROOT.relativize(servers).toString();
        assertEquals(ExitCode.OK, Cli.run("analyze", "-q", "--servers", s, "-o", f, "samples/").exitCode());
        Cli.Result report = Cli.run("report", f, "--servers", s, "-o", Cli.ROOT.relativize(html).toString());
        assertEquals(ExitCode.OK, report.exitCode(), report.stderr());

        Rendered dom = chromium(html, "--dump-dom");
        assertEquals(List.of(), dom.console(), "console messages of the report");
        ReportFigures.assertMatchCsv(dom.stdout(), findings);

        Path screenshot = OUT.resolve("report.png");
        Files.deleteIfExists(screenshot);
        Rendered shot = chromium(html, "--window-size=1280,1800", "--screenshot=" + screenshot);
        assertEquals(List.of(), shot.console(), "console messages of the report");
        assertTrue(Files.size(screenshot) > 10_000, "screenshot written: " + screenshot);
    }

    @Test
    void consoleCheck_catchesAScriptErrorAndABlockedLoad() throws Exception {
        Files.createDirectories(OUT);
        Path page = Files.writeString(OUT.resolve("broken.html"), "<!DOCTYPE html><html><head><meta http-equiv="
                + "\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
                + "<script>missingFunction();</script><img src=\"http://192.0.2.1/x.png\" alt=\"\"></body></html>",
                StandardCharsets.UTF_8);
        List<String> console = chromium(page, "--dump-dom").console();
        assertTrue(console.stream().anyMatch(l -> l.contains("missingFunction is not defined")), console.toString());
        assertTrue(console.stream().anyMatch(l -> l.contains("Content Security Policy")), console.toString());
    }

    /** What Chromium printed: the DOM (or nothing) on stdout, and its console messages from the log. */
    record Rendered(String stdout, List<String> console) {
    }

    private static Rendered chromium(Path page, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("stripscope-chromium");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(extra));
        command.add(page.toUri().toString());
        Path out = Files.createTempFile("chromium-out", ".txt");
        Path err = Files.createTempFile("chromium-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 90 s");
            }
            // Chromium logs each console message (any level) as "...:INFO:CONSOLE(line)] "text", source: ...".
            List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(":CONSOLE")).toList();
            return new Rendered(Files.readString(out, StandardCharsets.UTF_8), console);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
