/**
 * The one API between the NAT and everything that asks it (REST, CLI, metrics, health checks):
 * {@link io.natflow.nat.service.NatService} and the records it answers with. No loxi type and no
 * mutable core object crosses it; calls that read or change a router's state are tasks on that
 * router's event loop and answer with a {@link java.util.concurrent.CompletableFuture}.
 */
package io.natflow.nat.service;
