package io.natflow.nat.pcp;

/** PCP result codes (RFC 6887 §7.4). */
public enum PcpResult {
    SUCCESS(0),
    UNSUPP_VERSION(1),
    NOT_AUTHORIZED(2),
    MALFORMED_REQUEST(3),
    UNSUPP_OPCODE(4),
    UNSUPP_OPTION(5),
    MALFORMED_OPTION(6),
    NETWORK_FAILURE(7),
    NO_RESOURCES(8),
    UNSUPP_PROTOCOL(9),
    USER_EX_QUOTA(10),
    CANNOT_PROVIDE_EXTERNAL(11),
    ADDRESS_MISMATCH(12),
    EXCESSIVE_REMOTE_PEERS(13);

    /** How long a client should wait before it asks again (RFC 6887 §15: short- and long-lived errors). */
    private static final long SHORT_ERROR_SECONDS = 30;

    private static final long LONG_ERROR_SECONDS = 1800;

    final int code;

    PcpResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Lifetime an error response carries: resource errors may clear soon, the rest will not. */
    long errorLifetime() {
        return switch (this) {
            case NO_RESOURCES, USER_EX_QUOTA, CANNOT_PROVIDE_EXTERNAL, NETWORK_FAILURE -> SHORT_ERROR_SECONDS;
            default -> LONG_ERROR_SECONDS;
        };
    }
}
