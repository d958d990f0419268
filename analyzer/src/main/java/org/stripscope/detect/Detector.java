package org.stripscope.detect;

import org.stripscope.mail.event.MailEvent;

/**
 * Folds mail events into findings. One small detector per finding code; each keeps only the
 * per-session state it needs and drops it on {@link org.stripscope.mail.event.SessionClosed}.
 */
public interface Detector {
    void onEvent(MailEvent event, FindingSink findings);
}
