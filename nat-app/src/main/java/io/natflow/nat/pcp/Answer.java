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

    /** A counted name, PROTOCOL_CODE: split into its protocol and code. */
    public interface Counted {
        String name();

        default Protocol protocol() {
            return name().startsWith("PCP_") ? Protocol.PCP : Protocol.NATPMP;
        }

        /** The opcode or result code after the protocol, upper case as the RFCs write it. */
        default String code() {
            return name().substring(name().indexOf('_') + 1);
        }
    }

    /** A request by protocol and opcode, as counted; an opcode this server does not know is UNKNOWN. */
    public enum Request implements Counted {
        PCP_ANNOUNCE,
        PCP_MAP,
        PCP_PEER,
        PCP_UNKNOWN,
        NATPMP_PUBLIC_ADDRESS,
        NATPMP_MAP_UDP,
        NATPMP_MAP_TCP,
        NATPMP_UNKNOWN;

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
    public enum Result implements Counted {
        PCP_SUCCESS,
        PCP_UNSUPP_VERSION,
        PCP_NOT_AUTHORIZED,
        PCP_MALFORMED_REQUEST,
        PCP_UNSUPP_OPCODE,
        PCP_UNSUPP_OPTION,
        PCP_MALFORMED_OPTION,
        PCP_NETWORK_FAILURE,
        PCP_NO_RESOURCES,
        PCP_UNSUPP_PROTOCOL,
        PCP_USER_EX_QUOTA,
        PCP_CANNOT_PROVIDE_EXTERNAL,
        PCP_ADDRESS_MISMATCH,
        PCP_EXCESSIVE_REMOTE_PEERS,
        PCP_DROPPED,
        NATPMP_SUCCESS,
        NATPMP_UNSUPPORTED_VERSION,
        NATPMP_NOT_AUTHORIZED,
        NATPMP_NETWORK_FAILURE,
        NATPMP_OUT_OF_RESOURCES,
        NATPMP_UNSUPPORTED_OPCODE,
        NATPMP_DROPPED;

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
