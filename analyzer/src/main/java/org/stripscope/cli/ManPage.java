package org.stripscope.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page (troff, man(7) macros) drawn from a command's picocli model: the same description,
 * options and footer that {@code --help} prints, so the two never disagree.
 */
final class ManPage {

    private ManPage() {
    }

    /** The page name: "stripscope" or "stripscope-analyze". */
    static String name(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String render(CommandSpec spec, String version) {
        StringBuilder sb = new StringBuilder(4096);
        String name = name(spec);
        sb.append(".TH \"").append(name.toUpperCase(Locale.ROOT)).append("\" \"1\" \"\" \"").append(text(version))
                .append("\" \"stripscope manual\"\n");
        sb.append(".SH NAME\n").append(text(name)).append(" \\- ").append(text(firstLine(spec))).append('\n');
        sb.append(".SH SYNOPSIS\n.B ").append(text(spec.qualifiedName(" "))).append('\n');
        if (!spec.options().isEmpty()) {
            sb.append("[\\fIOPTIONS\\fR]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            sb.append(' ').append("\\fI").append(text(p.paramLabel())).append("\\fR").append(p.arity().max() > 1 ? "..." : "");
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append(" \\fICOMMAND\\fR");
        }
        sb.append('\n');
        sb.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            sb.append(text(line)).append("\n.br\n");
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            spec.subcommands().forEach((sub, cl) -> {
                if (!cl.getCommandSpec().usageMessage().hidden()) {
                    sb.append(".TP\n.B ").append(text(sub)).append('\n').append(text(firstLine(cl.getCommandSpec()))).append('\n');
                }
            });
        }
        if (!spec.positionalParameters().isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                sb.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n").append(text(description(p))).append('\n');
            }
        }
        if (!spec.options().isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                sb.append(".TP\n");
                List<String> names = List.of(o.names());
                for (int i = 0; i < names.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append("\\fB").append(text(names.get(i))).append("\\fR");
                }
                if (o.arity().max() > 0) {
                    sb.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
                }
                sb.append('\n').append(text(description(o))).append('\n');
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            sb.append(".SH EXAMPLES AND EXIT STATUS\n.nf\n");
            for (String line : footer) {
                if (!line.isEmpty()) {
                    sb.append(text(line)).append('\n');
                }
            }
            sb.append(".fi\n");
        }
        sb.append(".SH SEE ALSO\n");
        if (spec.parent() == null) {
            spec.subcommands().forEach((sub, cl) -> {
                if (!cl.getCommandSpec().usageMessage().hidden() && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
                    sb.append("\\fB").append(text(name(cl.getCommandSpec()))).append("\\fR(1)\n.br\n");
                }
            });
        } else {
            sb.append("\\fB").append(text(name(spec.root()))).append("\\fR(1)\n");
        }
        return sb.toString();
    }

    private static String firstLine(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? "" : d[0];
    }

    /** The description with picocli's ${DEFAULT-VALUE} and similar variables filled in. */
    private static String description(ArgSpec arg) {
        return String.join(" ", arg.renderedDescription());
    }

    /**
     * Text safe for troff: backslash as {@code \e}, hyphen-minus as {@code \-} (so options are
     * typed as written), and a line starting with '.' or '\'' protected by {@code \&}.
     */
    static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\e");
                case '-' -> sb.append("\\-");
                case '\n' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        String t = sb.toString();
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
