package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @Test
    void reportOfTheSamples_showsTheFiguresOfTheirCsv(@TempDir Path dir) throws Exception {
        Path findings = dir.resolve("findings.csv");
        Path servers = dir.resolve("servers.csv");
        Path html = dir.resolve("report.html");
        Cli.Result analyze = Cli.run("analyze", "-q", "--servers", servers.toString(), "-o", findings.toString(), "samples/");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.stderr());
        Cli.Result report = Cli.run("report", findings.toString(), "--servers", servers.toString(), "--output", html.toString());
        assertEquals(ExitCode.OK, report.exitCode(), report.stderr());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        ReportFigures.assertMatchCsv(page, findings);
    }

    @Test
    void reportIsSelfContained_noAddressOutsideThePageIsLoaded(@TempDir Path dir) throws Exception {
        Path findings = dir.resolve("findings.csv");
        Path html = dir.resolve("report.html");
        assertEquals(ExitCode.OK, Cli.run("analyze", "-q", "-o", findings.toString(), "samples/").exitCode());
        assertEquals(ExitCode.OK, Cli.run("report", findings.toString(), "-o", html.toString()).exitCode());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Matcher loads = Pattern.compile("(?i)(src|href)\\s*=|@import|url\\(|<link|<iframe|<object").matcher(page);
        assertFalse(loads.find(), () -> "loads something: " + page.substring(loads.start(), Math.min(page.length(), loads.start() + 80)));
        assertTrue(page.contains("Content-Security-Policy\" content=\"default-src 'none';"), "a CSP forbids network access");
    }

    @Test
    void aFileThatIsNotAFindingsCsv_isAnErrorNamingTheMissingColumn(@TempDir Path dir) throws Exception {
        Path notFindings = Files.writeString(dir.resolve("x.csv"), "a,b\r\n1,2\r\n");
        Cli.Result r = Cli.run("report", notFindings.toString(), "-o", dir.resolve("r.html").toString());
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("no column 'capture'"), r.stderr());
        assertFalse(Files.exists(dir.resolve("r.html")));
    }
}
