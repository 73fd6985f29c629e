/**
 * One switch connection from HELLO to disconnect: the handshake state machine, echo keepalive,
 * dispatch of ready-state messages, xid-correlated requests, and the registry of ready switches.
 */
package io.natflow.controller.session;
