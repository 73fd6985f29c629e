/**
 * The NAT router over OpenFlow 1.3: turns packet-ins into core decisions and decisions into
 * flow-mods and packet-outs, answers ARP, translates on the slow path what set-field cannot
 * (ICMP queries and errors, later fragments), and keeps flows and mappings in agreement.
 * Logic returns messages; each router lives on its own event loop ({@code RouterLoop}, {@code
 * RouterHost}), which sends them; {@link io.natflow.nat.openflow.NatApp} hands the controller's
 * events to the loops and gives everything else the {@link io.natflow.nat.service.NatService}.
 */
package io.natflow.nat.openflow;
