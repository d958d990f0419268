package org.stripscope.mail.event;

/**
 * What the IP and TCP headers of one packet say about its sender, beyond the addresses: a packet
 * injected by a middlebox usually differs from the real server's packets in its TTL (another
 * hop distance), its IPv4 identification (outside the server's sequence) or its TCP options
 * (e.g. no timestamps where the server's packets carry them).
 *
 * @param frame the packet's frame number
 * @param ttl the IPv4 TTL or IPv6 hop limit
 * @param ipId the IPv4 identification, or -1 for IPv6
 * @param tcpOptions the TCP option kinds in order, by name ("nop,nop,ts"), "" when none
 */
public record PacketTraits(long frame, int ttl, int ipId, String tcpOptions) {
}
