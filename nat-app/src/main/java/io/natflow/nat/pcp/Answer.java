package io.natflow.nat.pcp;

import io.natflow.nat.core.EndedLease;
import io.natflow.nat.core.ForwardLease;
import java.util.List;
import java.util.Locale;

/**
 * What one request came to: the reply to send (null: drop silently, as the RFCs say for
 * responses and runts), what it is counted as, and the leases it created or ended (their
 * sessions' flows must go; both get mapping-log lines).
 *
 * @param request what was asked, by protocol and opcode
 * @param result  the result code sent ({@code *_DROPPED} when there is no reply)
 */
public record Answer(byte[] reply, Request request, Result result, List<ForwardLease> created, List<EndedLease> ended) {
    public Answer {
        created = List.copyOf(created);
        ended = List.copyOf(ended);
    }

    static Answer of(byte[] reply, Request request, Result result) {
        return new Answer(reply, request, result, List.of(), List.of());
    }

    static Answer dropped(Protocol protocol) {
        return protocol == Protocol.PCP
                ? of(null, Request.PCP_UNKNOWN, Result.PCP_DROPPED)
                : of(null, Request.NATPMP_UNKNOWN, Result.NATPMP_DROPPED);
    }

    /** The two protocols on UDP 5351. */
    public enum Protocol {
        PCP,
        NATPMP;

        /** Lower case, as counters name it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A request by protocol and opcode, as counted; an opcode this server does not know is UNKNOWN. */
    public enum Request {
        PCP_ANNOUNCE(Protocol.PCP, "ANNOUNCE"),
        PCP_MAP(Protocol.PCP, "MAP"),
        PCP_PEER(Protocol.PCP, "PEER"),
        PCP_UNKNOWN(Protocol.PCP, "UNKNOWN"),
        NATPMP_PUBLIC_ADDRESS(Protocol.NATPMP, "PUBLIC_ADDRESS"),
        NATPMP_MAP_UDP(Protocol.NATPMP, "MAP_UDP"),
        NATPMP_MAP_TCP(Protocol.NATPMP, "MAP_TCP"),
        NATPMP_UNKNOWN(Protocol.NATPMP, "UNKNOWN");

        private final Protocol protocol;
        private final String opcode;

        Request(Protocol protocol, String opcode) {
            this.protocol = protocol;
            this.opcode = opcode;
        }

        public Protocol protocol() {
            return protocol;
        }

        /** The opcode's name, upper case as the RFC writes it. */
        public String opcode() {
            return opcode;
        }

        static Request of(PcpOpcode opcode) {
            if (opcode == null) {
                return PCP_UNKNOWN;
            }
            return switch (opcode) {
                case ANNOUNCE -> PCP_ANNOUNCE;
                case MAP -> PCP_MAP;
                case PEER -> PCP_PEER;
            };
        }
    }

    /** A result code sent, by protocol, as counted; DROPPED: no reply was sent. */
    public enum Result {
        PCP_SUCCESS(Protocol.PCP, "SUCCESS"),
        PCP_UNSUPP_VERSION(Protocol.PCP, "UNSUPP_VERSION"),
        PCP_NOT_AUTHORIZED(Protocol.PCP, "NOT_AUTHORIZED"),
        PCP_MALFORMED_REQUEST(Protocol.PCP, "MALFORMED_REQUEST"),
        PCP_UNSUPP_OPCODE(Protocol.PCP, "UNSUPP_OPCODE"),
        PCP_UNSUPP_OPTION(Protocol.PCP, "UNSUPP_OPTION"),
        PCP_MALFORMED_OPTION(Protocol.PCP, "MALFORMED_OPTION"),
        PCP_NETWORK_FAILURE(Protocol.PCP, "NETWORK_FAILURE"),
        PCP_NO_RESOURCES(Protocol.PCP, "NO_RESOURCES"),
        PCP_UNSUPP_PROTOCOL(Protocol.PCP, "UNSUPP_PROTOCOL"),
        PCP_USER_EX_QUOTA(Protocol.PCP, "USER_EX_QUOTA"),
        PCP_CANNOT_PROVIDE_EXTERNAL(Protocol.PCP, "CANNOT_PROVIDE_EXTERNAL"),
        PCP_ADDRESS_MISMATCH(Protocol.PCP, "ADDRESS_MISMATCH"),
        PCP_EXCESSIVE_REMOTE_PEERS(Protocol.PCP, "EXCESSIVE_REMOTE_PEERS"),
        PCP_DROPPED(Protocol.PCP, "DROPPED"),
        NATPMP_SUCCESS(Protocol.NATPMP, "SUCCESS"),
        NATPMP_UNSUPPORTED_VERSION(Protocol.NATPMP, "UNSUPPORTED_VERSION"),
        NATPMP_NOT_AUTHORIZED(Protocol.NATPMP, "NOT_AUTHORIZED"),
        NATPMP_NETWORK_FAILURE(Protocol.NATPMP, "NETWORK_FAILURE"),
        NATPMP_OUT_OF_RESOURCES(Protocol.NATPMP, "OUT_OF_RESOURCES"),
        NATPMP_UNSUPPORTED_OPCODE(Protocol.NATPMP, "UNSUPPORTED_OPCODE"),
        NATPMP_DROPPED(Protocol.NATPMP, "DROPPED");

        private final Protocol protocol;
        private final String code;

        Result(Protocol protocol, String code) {
            this.protocol = protocol;
            this.code = code;
        }

        public Protocol protocol() {
            return protocol;
        }

        /** The result code's name, upper case as the RFC writes it. */
        public String code() {
            return code;
        }

        static Result of(PcpResult result) {
            return switch (result) {
                case SUCCESS -> PCP_SUCCESS;
                case UNSUPP_VERSION -> PCP_UNSUPP_VERSION;
                case NOT_AUTHORIZED -> PCP_NOT_AUTHORIZED;
                case MALFORMED_REQUEST -> PCP_MALFORMED_REQUEST;
                case UNSUPP_OPCODE -> PCP_UNSUPP_OPCODE;
                case UNSUPP_OPTION -> PCP_UNSUPP_OPTION;
                case MALFORMED_OPTION -> PCP_MALFORMED_OPTION;
                case NETWORK_FAILURE -> PCP_NETWORK_FAILURE;
                case NO_RESOURCES -> PCP_NO_RESOURCES;
                case UNSUPP_PROTOCOL -> PCP_UNSUPP_PROTOCOL;
                case USER_EX_QUOTA -> PCP_USER_EX_QUOTA;
                case CANNOT_PROVIDE_EXTERNAL -> PCP_CANNOT_PROVIDE_EXTERNAL;
                case ADDRESS_MISMATCH -> PCP_ADDRESS_MISMATCH;
                case EXCESSIVE_REMOTE_PEERS -> PCP_EXCESSIVE_REMOTE_PEERS;
            };
        }

        static Result of(NatPmpCodec.Result result) {
            return switch (result) {
                case SUCCESS -> NATPMP_SUCCESS;
                case UNSUPPORTED_VERSION -> NATPMP_UNSUPPORTED_VERSION;
                case NOT_AUTHORIZED -> NATPMP_NOT_AUTHORIZED;
                case NETWORK_FAILURE -> NATPMP_NETWORK_FAILURE;
                case OUT_OF_RESOURCES -> NATPMP_OUT_OF_RESOURCES;
                case UNSUPPORTED_OPCODE -> NATPMP_UNSUPPORTED_OPCODE;
            };
        }
    }
}
