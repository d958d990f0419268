package org.stripscope.report;

import java.io.Flushable;
import java.io.IOException;
import org.stripscope.detect.Finding;

/**
 * Writes findings as JSON Lines (one JSON object per line, LF-terminated): the CSV's columns as
 * keys, in the same order, so {@code jq} and log shippers read the same fields. Frame and ports
 * are numbers, everything else strings. Overlong fields are cut as in the CSV; spreadsheet
 * formula neutralisation is not applied, as JSON is not opened by spreadsheets.
 */
public final class JsonLinesFindingWriter implements FindingWriter {

    private static final CsvColumn[] COLUMNS = CsvColumn.values();

    private final Appendable out;
    private final StringBuilder line = new StringBuilder(1024);

    public JsonLinesFindingWriter(Appendable out) {
        this.out = out;
    }

    @Override
    public void accept(Finding finding) {
        line.setLength(0);
        line.append('{');
        for (CsvColumn c : COLUMNS) {
            if (c.ordinal() > 0) {
                line.append(',');
            }
            line.append('"').append(c.header()).append("\":");
            String value = c.valueOf(finding);
            if (c.isNumber()) {
                line.append(value);
            } else {
                JsonText.appendQuoted(line, CellText.cut(value));
            }
        }
        line.append("}\n");
        try {
            out.append(line);
            flush();
        } catch (IOException e) {
            throw new FindingWriteException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        if (out instanceof Flushable f) {
            f.flush();
        }
    }
}
