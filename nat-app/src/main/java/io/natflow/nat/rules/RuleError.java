package io.natflow.nat.rules;

/**
 * Why a rule list edit was refused; nothing changed. {@code message} names the rule and the
 * problem for people.
 *
 * @param rule the number of the rule at fault (0 if none)
 */
public record RuleError(Kind kind, int rule, String message) {

    public enum Kind {
        /** Two rules with one number. */
        DUPLICATE_NUMBER(true),
        /** No rule has the number asked for. */
        NO_SUCH_RULE(false),
        /** An insert/move position outside the list, or before a rule that is not there. */
        BAD_POSITION(false),
        TOO_MANY_RULES(true),
        /** A static or destination NAT public address is one of the masquerade pool's addresses. */
        PUBLIC_ADDRESS_IN_POOL(true),
        /** Two static NATs for one public address, or one static public address also a destination NAT's. */
        PUBLIC_ADDRESS_TAKEN(true),
        /** Two static NATs for one private address. */
        PRIVATE_ADDRESS_TAKEN(true),
        /** Two destination NATs or virtual servers for one public endpoint. */
        PUBLIC_PORT_TAKEN(true),
        /** A virtual server's server list: empty, longer than its limit, or naming one server twice. */
        BAD_SERVERS(false),
        /** A private/internal address outside the LAN prefix, or the router's own. */
        NOT_A_LAN_ADDRESS(false),
        /** A public address inside the LAN prefix (or the router's LAN address). */
        NOT_A_PUBLIC_ADDRESS(false),
        /** An in/out port name that is not one of the router's ports. */
        UNKNOWN_PORT(false),
        /** Port ranges on a rule whose protocol is not TCP or UDP. */
        PORTS_WITHOUT_PROTOCOL(false),
        /** A kind that works one way only (masquerade: outbound; destination NAT: inbound). */
        WRONG_DIRECTION(false);

        private final boolean conflict;

        Kind(boolean conflict) {
            this.conflict = conflict;
        }

        /** A clash with another rule or the pool (HTTP 409) rather than a value that is wrong by itself (422). */
        public boolean conflict() {
            return conflict;
        }
    }
}
