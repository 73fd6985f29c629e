/**
 * Hosts asking the router for their own forwards: a PCP server (RFC 6887) that also answers
 * NAT-PMP (RFC 6886, PCP's version 0) on the router's LAN address, UDP 5351.
 *
 * <p>Pure like the core (JDK only, time is an argument): {@link io.natflow.nat.pcp.PcpCodec}
 * and {@link io.natflow.nat.pcp.NatPmpCodec} read and write the wire formats,
 * {@link io.natflow.nat.pcp.PcpServer} turns one request into one reply and the lease changes
 * it made in the {@link io.natflow.nat.core.Nat} (a granted mapping is a
 * {@link io.natflow.nat.core.ForwardLease}). The OpenFlow glue sends the reply and removes the
 * flows of the sessions of a lease that ended.
 */
package io.natflow.nat.pcp;
