/**
 * The pure NAT core: every translation decision of natflow, and nothing else.
 *
 * <p>Plain JDK only (no Netty, loxi, Dropwizard, logging, threads or clock; an ArchUnit test
 * enforces it). Time is an argument ({@code long nowMillis}), randomness is injected, so every
 * decision is reproducible in a test.
 *
 * <p>Entry point: {@link io.natflow.nat.core.Nat}. Two verbs as in mirage-nat, translate
 * outbound and translate inbound, each returning a sealed decision
 * ({@link io.natflow.nat.core.OutboundDecision}, {@link io.natflow.nat.core.InboundDecision})
 * whose refusals carry an {@code enum} reason, never a string. Unlike mirage-nat the core owns
 * timers ({@link io.natflow.nat.core.Nat#expire(long)}), quotas (RFC 6888), port quarantine,
 * port forwards and rebuilding from the switch ({@link io.natflow.nat.core.Nat#restore}).
 *
 * <p>Behaviour follows RFC 4787 (UDP), RFC 5382 (TCP), RFC 5508 (ICMP), RFC 7857 and RFC 6888:
 * endpoint-independent mapping, selectable filtering, paired address pooling, port
 * preservation, random allocation otherwise, hairpinning.
 *
 * <p>Not thread-safe by design: the caller serialises access (one NAT, one event loop), which
 * keeps the hot path free of locks. IPv4 addresses are {@code int}s (see {@link
 * io.natflow.nat.core.Ipv4}), ports and ICMP identifiers are {@code int}s in 0..65535.
 */
package io.natflow.nat.core;
