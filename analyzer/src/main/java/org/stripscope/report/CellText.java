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
        String v = cut(controlsEscaped(value));
        if (!v.isEmpty()) {
            char c = v.charAt(0);
            // Tab and CR are escaped above, so only these can start a formula.
            if (c == '=' || c == '+' || c == '-' || c == '@') {
                return "'" + v;
            }
        }
        return v;
    }

    /**
     * Control characters as {@code \xNN}: every text field is escaped where it is made
     * (mail/EvidenceText), so none should be left; this is the second line of defence that keeps
     * a raw BEL, ESC or CR from reaching a terminal or spreadsheet if one slips through.
     */
    static String controlsEscaped(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                if (sb == null) {
                    sb = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                sb.append(String.format("\\x%02x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? value : sb.toString();
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
