package org.stripscope.report;

import java.io.IOException;
import java.util.Locale;

/** The formats findings can be written in. */
public enum OutputFormat {
    /** RFC 4180 CSV with a header row, the columns of {@link CsvColumn}. */
    CSV,
    /** JSON Lines: one JSON object per finding and line, keys as the CSV header. */
    JSONL;

    /** A writer of this format on {@code out}; CSV writes its header at once. */
    public FindingWriter open(Appendable out) throws IOException {
        return switch (this) {
            case CSV -> new CsvFindingWriter(out);
            case JSONL -> new JsonLinesFindingWriter(out);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
