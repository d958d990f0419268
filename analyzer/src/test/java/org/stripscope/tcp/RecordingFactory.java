package org.stripscope.tcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener factory that records every session it opens as text lines:
 * {@code "C:EHLO a@5"} (client bytes delivered, carried by frame 5), {@code "S:gap(3)@6"},
 * {@code "close(FIN)@8"}.
 */
final class RecordingFactory implements StreamListenerFactory {

    /** One opened session: how it was opened and what its listener heard. */
    static final class Session implements StreamListener {
        final String opened;
        final List<String> log = new ArrayList<>();

        Session(String opened) {
            this.opened = opened;
        }

        @Override
        public void onData(boolean fromClient, byte[] data, int offset, int length, long frame, long timeMicros) {
            log.add((fromClient ? "C:" : "S:") + new String(data, offset, length, StandardCharsets.ISO_8859_1)
                    + "@" + frame);
        }

        @Override
        public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
            log.add((fromClient ? "C:" : "S:") + "gap(" + length + ")@" + frame);
        }

        @Override
        public void onClose(CloseReason reason, long frame, long timeMicros) {
            log.add("close(" + reason + ")@" + frame);
        }
    }

    final List<Session> sessions = new ArrayList<>();

    @Override
    public StreamListener open(FlowEndpoints e, long frame, long timeMicros) {
        Session session = new Session(e.clientAddress() + ":" + e.clientPort() + ">" + e.serverAddress() + ":"
                + e.serverPort() + (e.handshakeSeen() ? " handshake" : " midstream") + "@" + frame);
        sessions.add(session);
        return session;
    }

    Session only() {
        if (sessions.size() != 1) {
            throw new AssertionError("expected one session, got " + sessions.size());
        }
        return sessions.get(0);
    }
}
