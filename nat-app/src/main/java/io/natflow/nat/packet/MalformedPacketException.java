package io.natflow.nat.packet;

/** A packet that cannot be parsed; the reason is typed so callers can count drops by reason. */
public final class MalformedPacketException extends Exception {

    public enum Reason {
        TRUNCATED_ETHERNET,
        TRUNCATED_ARP,
        UNSUPPORTED_ARP,
        TRUNCATED_IPV4,
        BAD_IPV4_HEADER,
        TRUNCATED_L4
    }

    private final Reason reason;

    public MalformedPacketException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
