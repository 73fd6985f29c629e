package io.natflow.nat.rules;

/** The protocol a rule matches: one of TCP, UDP, ICMP, or any. */
public enum RuleProtocol {
    ANY(-1),
    TCP(6),
    UDP(17),
    ICMP(1);

    private final int number;

    RuleProtocol(int number) {
        this.number = number;
    }

    /** The IPv4 protocol number, -1 for {@link #ANY}. */
    public int number() {
        return number;
    }

    public boolean matches(int ipProtocol) {
        return number < 0 || number == ipProtocol;
    }

    /** Whether ports mean anything for this protocol (TCP and UDP only). */
    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }
}
