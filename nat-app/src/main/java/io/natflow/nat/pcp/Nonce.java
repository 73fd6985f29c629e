package io.natflow.nat.pcp;

/** The 96-bit mapping nonce of PCP MAP and PEER (RFC 6887 §11.1): only its sender may renew or delete. */
record Nonce(long high, int low) {}
