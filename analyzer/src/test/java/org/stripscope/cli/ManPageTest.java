package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ManPageTest {

    @Test
    void everyCommandsPage_namesEachOfItsOptionsAndItsExamples() {
        CommandLine cli = new CommandLine(new Main());
        List<picocli.CommandLine.Model.CommandSpec> pages = ManPageCommand.pages(cli.getCommandSpec());
        assertEquals(List.of("stripscope", "stripscope-analyze", "stripscope-live", "stripscope-interfaces", "stripscope-report", "stripscope-generate-completion"),
                pages.stream().map(ManPage::name).toList());
        for (var spec : pages) {
            String page = ManPage.render(spec, "stripscope test");
            assertTrue(page.startsWith(".TH \"" + ManPage.name(spec).toUpperCase(java.util.Locale.ROOT) + "\" \"1\""), page);
            for (OptionSpec o : spec.options()) {
                assertTrue(page.contains("\\fB" + ManPage.text(o.longestName()) + "\\fR"), ManPage.name(spec) + " " + o.longestName());
            }
        }
        assertTrue(ManPage.render(cli.getSubcommands().get("analyze").getCommandSpec(), "v").contains("\\-\\-fail\\-on"));
    }

    @Test
    void troffControlCharacters_areEscaped() {
        assertEquals("\\&.hidden \\e \\-x", ManPage.text(".hidden \\ -x"));
    }

    @Test
    void manPageCommandAndCompletion_writeTheirFiles(@TempDir Path dir) throws Exception {
        Cli.Result man = Cli.run("man-page", "--dir", dir.toString());
        assertEquals(ExitCode.OK, man.exitCode(), man.stderr());
        assertTrue(Files.readString(dir.resolve("stripscope-report.1")).contains(".SH OPTIONS"));
        Cli.Result completion = Cli.run("generate-completion");
        assertEquals(ExitCode.OK, completion.exitCode());
        assertTrue(completion.stdout().contains("complete -F"), "a bash completion script");
        assertTrue(completion.stdout().contains("--anonymize"), "knows the options");
        assertTrue(completion.stdout().contains("(\"info\" \"low\" \"medium\" \"high\")"), "offers values as typed");
    }
}
