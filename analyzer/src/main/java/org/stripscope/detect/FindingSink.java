package org.stripscope.detect;

/** Where detectors put findings the moment their evidence is complete. */
@FunctionalInterface
public interface FindingSink {
    void accept(Finding finding);
}
