package org.stripscope.cli;

import org.stripscope.detect.FindingSink;
import org.stripscope.detect.Severity;

/**
 * {@code --fail-on SEVERITY}: notes whether a finding at or above the threshold passed, so that
 * the run can end with {@link ExitCode#FINDINGS} for scripted audits.
 */
final class FailOn {

    private final Severity threshold;
    private long reached;

    /** @param threshold the lowest severity that fails the run, or null to never fail */
    FailOn(Severity threshold) {
        this.threshold = threshold;
    }

    FindingSink watching(FindingSink next) {
        return finding -> {
            if (threshold != null && finding.severity().compareTo(threshold) >= 0) {
                reached++;
            }
            next.accept(finding);
        };
    }

    /** Findings at or above the threshold so far. */
    long reached() {
        return reached;
    }

    boolean failed() {
        return reached > 0;
    }
}
