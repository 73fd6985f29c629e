/**
 * An OpenFlow 1.3 switch emulator for measuring the controller's flow-setup rate and latency
 * (cbench speaks OpenFlow 1.0 only and sends no TCP/UDP headers). N emulated switches connect
 * over TCP, do the handshake, answer the router's ARP request for its gateway
 * ({@link io.natflow.bench.emulator.Gateway}), and send connections' first packets as natflow's
 * pipeline does: TCP SYNs from the WATCH table's SYN flow, UDP datagrams as NAT-table misses.
 * Every answer is checked ({@link io.natflow.bench.emulator.AnswerChecker}); the session flows
 * are kept ({@link io.natflow.bench.emulator.FlowTable}, bounded) and returned to flow-stats
 * requests. A fill phase can load the controller with live sessions before the measurement. The
 * hot path encodes and parses OpenFlow by hand (fixed offsets, no loxi objects) so the emulator,
 * on one core, is not the bottleneck; the tests check that encoding against loxi and the real
 * controller.
 */
package io.natflow.bench.emulator;
