package org.stripscope.detect;

import org.stripscope.mail.event.MailEvent;

/**
 * Folds mail events into findings. One small detector per finding code; what it needs to know
 * about the session so far is in {@link SessionFacts}, already updated with the event.
 */
public interface Detector {
    void onEvent(MailEvent event, SessionFacts facts, FindingSink findings);

    /**
     * The whole input has been read (or a live capture stopped): a detector that compares
     * sessions with each other makes its remaining findings now.
     */
    default void onEndOfInput(FindingSink findings) {
    }
}
