package io.natflow.nat.core;

/** Why a record given to {@link Nat#restore} was not restored. */
public enum RestoreError {
    /** The same record appears twice; the first one was used. */
    DUPLICATE,
    /** Id not positive, port 0, or TCP state inconsistent with the protocol. */
    INVALID,
    /** Another mapping has this id. */
    ID_CONFLICT,
    /** Another mapping holds the internal endpoint. */
    INTERNAL_CONFLICT,
    /** Another mapping holds the public endpoint. */
    PUBLIC_CONFLICT,
    /** The public address is not one of this NAT's. */
    NOT_PUBLIC_ADDRESS,
    /** Disagrees with a port forward or static address mapping. */
    FORWARD_CONFLICT,
    /** The host already holds mappings on another public address (paired pooling). */
    PAIRING_CONFLICT,
    /** The host's quota is full. */
    QUOTA_EXCEEDED,
    /** The public port is not free (quarantined or reserved). */
    PORT_UNAVAILABLE,
    /** The public port is outside the dynamic range and no forward or DMZ explains it. */
    PORT_OUT_OF_RANGE,
    /** The global cap is reached. */
    TABLE_FULL
}
