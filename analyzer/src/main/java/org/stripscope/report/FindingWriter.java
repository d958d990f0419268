package org.stripscope.report;

import java.io.Flushable;
import org.stripscope.detect.FindingSink;

/** Writes each finding in one output format the moment it is made. */
public interface FindingWriter extends FindingSink, Flushable {
}
