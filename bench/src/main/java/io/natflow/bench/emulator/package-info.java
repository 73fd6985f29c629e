/**
 * An OpenFlow 1.3 switch emulator for measuring the controller's flow-setup rate and latency
 * (cbench speaks OpenFlow 1.0 only and sends no TCP/UDP headers). N emulated switches connect
 * over TCP, do the handshake, and send table-miss packet-ins of first packets (TCP SYN, UDP) from
 * the NAT table; every answer is checked ({@link io.natflow.bench.emulator.AnswerChecker}). The
 * hot path encodes and parses OpenFlow by hand (fixed offsets, no loxi objects) so the emulator,
 * on one core, is not the bottleneck; the tests check that encoding against loxi.
 */
package io.natflow.bench.emulator;
