package org.stripscope.detect;

import java.util.Locale;

/** How bad a finding is; the CSV writes the lower-case name. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
