package org.stripscope.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.stripscope.detect.Severity;
import org.stripscope.report.OutputFormat;
import picocli.CommandLine;

/** Option values given in lower case, as the CSV and the docs write them. */
final class EnumConverters {

    private EnumConverters() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    /** The values in lower case, as typed, for shell completion. */
    static List<String> lowerCase(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }

    static final class SeverityCandidates extends ArrayList<String> {
        SeverityCandidates() {
            super(lowerCase(Severity.class));
        }
    }

    static final class FormatCandidates extends ArrayList<String> {
        FormatCandidates() {
            super(lowerCase(OutputFormat.class));
        }
    }

    static final class WhenCandidates extends ArrayList<String> {
        WhenCandidates() {
            super(lowerCase(When.class));
        }
    }

    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            return parse(Severity.class, value);
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return parse(OutputFormat.class, value);
        }
    }

    /** When the progress line is drawn. */
    enum When { AUTO, ALWAYS, NEVER }

    static final class WhenConverter implements CommandLine.ITypeConverter<When> {
        @Override
        public When convert(String value) {
            return parse(When.class, value);
        }
    }
}
