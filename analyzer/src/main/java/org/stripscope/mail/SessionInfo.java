package org.stripscope.mail;

/**
 * One mail session (one TCP connection) as findings name it. Made once per connection, so the
 * address strings cost nothing per packet.
 *
 * @param capture the capture's name as the user gave it
 * @param id a number unique within the run, in order of appearance
 * @param handshakeSeen whether the TCP handshake was captured (else the capture began mid-session)
 */
public record SessionInfo(
        String capture, long id, Protocol protocol,
        String clientIp, int clientPort, String serverIp, int serverPort,
        boolean handshakeSeen) {
}
