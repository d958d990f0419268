package org.stripscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stripscope man-page}: writes the man pages of stripscope and each of its commands, drawn
 * from the same picocli model as {@code --help}. Hidden: scripts/install-man runs it.
 */
@Command(name = "man-page", hidden = true, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Writes the man pages (stripscope.1, stripscope-analyze.1, ...) into a directory.",
        footer = {"", "Example:", "  stripscope man-page --dir /usr/local/share/man/man1 && mandb -q"})
final class ManPageCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "where the pages are written (created if missing)")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        String version = new VersionProvider().getVersion()[0];
        try {
            Files.createDirectories(dir);
            for (CommandSpec page : pages(root)) {
                Path file = dir.resolve(ManPage.name(page) + ".1");
                Files.writeString(file, ManPage.render(page, version), StandardCharsets.UTF_8);
                System.out.println(file);
            }
        } catch (IOException e) {
            System.err.println("stripscope: cannot write man pages to " + dir + ": " + e.getMessage());
            return ExitCode.ERROR;
        }
        return ExitCode.OK;
    }

    /** The root command and every visible subcommand except help. */
    static List<CommandSpec> pages(CommandSpec root) {
        List<CommandSpec> pages = new ArrayList<>();
        pages.add(root);
        root.subcommands().forEach((name, cl) -> {
            CommandSpec sub = cl.getCommandSpec();
            if (!sub.usageMessage().hidden() && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
                pages.add(sub);
            }
        });
        return pages;
    }
}
