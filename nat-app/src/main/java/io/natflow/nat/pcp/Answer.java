package io.natflow.nat.pcp;

import io.natflow.nat.core.EndedLease;
import io.natflow.nat.core.ForwardLease;
import java.util.List;

/**
 * What one request came to: the reply to send (null: drop silently, as the RFCs say for
 * responses and runts), names for the counters, and the leases it created or ended (their
 * sessions' flows must go; both get mapping-log lines).
 *
 * @param protocol "pcp" or "natpmp"
 * @param opcode   the opcode's name, or its number if unknown
 * @param result   the result code's name ("DROPPED" when there is no reply)
 */
public record Answer(
        byte[] reply,
        String protocol,
        String opcode,
        String result,
        List<ForwardLease> created,
        List<EndedLease> ended) {
    public Answer {
        created = List.copyOf(created);
        ended = List.copyOf(ended);
    }

    static Answer of(byte[] reply, String protocol, String opcode, String result) {
        return new Answer(reply, protocol, opcode, result, List.of(), List.of());
    }

    static Answer dropped(String protocol) {
        return of(null, protocol, "UNKNOWN", "DROPPED");
    }
}
