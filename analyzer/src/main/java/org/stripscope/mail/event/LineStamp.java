package org.stripscope.mail.event;

/**
 * Where one line of a multi-line reply was on the wire: the frame that carried its last byte and
 * that frame's time. Lines of one reply may come in different frames, and a finding about one
 * line names the frame holding it.
 */
public record LineStamp(long frame, long timeMicros) {
}
