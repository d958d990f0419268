package org.stripscope.report;

import java.io.IOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.stripscope.detect.Finding;

/**
 * Writes findings as CSV (RFC 4180 quoting, CRLF records) the moment they are made, and flushes
 * each row, so a run that is killed keeps every row written so far.
 */
public final class CsvFindingWriter implements FindingWriter {

    private static final CsvColumn[] COLUMNS = CsvColumn.values();

    private final CSVPrinter printer;
    private final String[] row = new String[COLUMNS.length];

    public CsvFindingWriter(Appendable out) throws IOException {
        String[] header = new String[COLUMNS.length];
        for (CsvColumn c : COLUMNS) {
            header[c.ordinal()] = c.header();
        }
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader(header)
                .setQuoteMode(QuoteMode.MINIMAL)
                .get();
        this.printer = new CSVPrinter(out, format);
        printer.flush();
    }

    @Override
    public void accept(Finding finding) {
        for (CsvColumn c : COLUMNS) {
            row[c.ordinal()] = CellText.safe(c.valueOf(finding));
        }
        try {
            printer.printRecord((Object[]) row);
            printer.flush();
        } catch (IOException e) {
            throw new FindingWriteException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }
}
