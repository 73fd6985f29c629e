/**
 * Packet bytes, parsed and rewritten without any I/O library: Ethernet, ARP, IPv4, TCP, UDP, ICMP,
 * Internet checksums (RFC 1071, incremental per RFC 1624), and the few frames the router builds
 * itself (ARP replies and requests, ICMP errors, TCP RST). Truncated or malformed input raises
 * {@link io.natflow.nat.packet.MalformedPacketException} with a typed reason, never an index error.
 */
package io.natflow.nat.packet;
