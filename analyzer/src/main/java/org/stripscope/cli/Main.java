package org.stripscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stripscope} command; only this class calls {@link System#exit}. */
@Command(name = "stripscope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds evidence of mail-encryption downgrade (STARTTLS stripping, plaintext credentials) in captures.",
        footer = {"", "Examples:",
            "  stripscope analyze capture.pcap > findings.csv",
            "  stripscope live -i eth0 -o findings.csv",
            "  stripscope report findings.csv -o report.html",
            "  stripscope help analyze"},
        subcommands = {AnalyzeCommand.class, LiveCommand.class, InterfacesCommand.class, ReportCommand.class,
            ManPageCommand.class, picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'stripscope analyze CAPTURE...'");
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
