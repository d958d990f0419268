package org.stripscope.report;

/**
 * Makes a field safe to open in a spreadsheet. A cell that starts with {@code = + - @}, tab or CR
 * is read as a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"); such a
 * field gets a leading apostrophe, which spreadsheets show as text and hide. Overlong fields are
 * cut with a marker saying how much was left out.
 */
public final class CellText {

    /** Longest field written; evidence beyond it is cut. */
    public static final int MAX_FIELD_CHARS = 4096;

    private CellText() {
    }

    public static String safe(String value) {
        String v = cut(value);
        if (!v.isEmpty()) {
            char c = v.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                return "'" + v;
            }
        }
        return v;
    }

    /** The value cut to {@link #MAX_FIELD_CHARS} with a marker, as every output format writes it. */
    public static String cut(String value) {
        if (value.length() <= MAX_FIELD_CHARS) {
            return value;
        }
        int omitted = value.length() - MAX_FIELD_CHARS;
        return value.substring(0, MAX_FIELD_CHARS) + "...[" + omitted + " more chars]";
    }
}
