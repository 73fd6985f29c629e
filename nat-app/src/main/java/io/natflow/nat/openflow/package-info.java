/**
 * The NAT router over OpenFlow 1.3: turns packet-ins into core decisions and decisions into
 * flow-mods and packet-outs, answers ARP, translates on the slow path what set-field cannot
 * (ICMP queries and errors, later fragments), and keeps flows and mappings in agreement.
 * Logic returns messages; {@link io.natflow.nat.openflow.NatApp} is the thin layer that sends them.
 */
package io.natflow.nat.openflow;
