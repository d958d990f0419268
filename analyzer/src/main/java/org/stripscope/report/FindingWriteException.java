package org.stripscope.report;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The findings could not be written (disk full, closed pipe): the run cannot go on. */
public final class FindingWriteException extends UncheckedIOException {

    public FindingWriteException(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
