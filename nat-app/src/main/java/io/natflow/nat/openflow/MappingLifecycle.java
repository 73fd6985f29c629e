package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.MappingRecord;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.core.RestoreReport;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.U64;

/**
 * Keeps mappings and their flows in agreement after setup: timers expire mappings and delete
 * their flows, the switch's flow removals free mappings, REST deletes both, and a restarted
 * controller rebuilds mappings from the flows it finds. A mapping never outlives its flows.
 */
final class MappingLifecycle {
    private final RouterConfig config;
    private final Nat nat;
    private final Sessions sessions;
    private final SessionFlows sessionFlows;
    private final FlowMods mods;
    private final NatCounters counters;
    private final MappingLog log;

    MappingLifecycle(
            RouterConfig config,
            Nat nat,
            Sessions sessions,
            SessionFlows sessionFlows,
            FlowMods mods,
            NatCounters counters,
            MappingLog log) {
        this.config = config;
        this.nat = nat;
        this.sessions = sessions;
        this.sessionFlows = sessionFlows;
        this.mods = mods;
        this.counters = counters;
        this.log = log;
    }

    /**
     * Mappings whose core timer ran out (those the switch does not hold: ICMP queries) lose
     * their flows, if any: one delete by cookie each.
     */
    List<OFMessage> expire(long now) {
        List<OFMessage> out = new ArrayList<>();
        for (Mapping m : nat.expire(now)) {
            log.removed(m, MappingLog.Removal.EXPIRED, now);
            out.add(forget(m.id()));
            counters.count(NatEvent.MAPPING_EXPIRED);
        }
        return out;
    }

    /**
     * A session flow went away by itself; removals we asked for are already accounted for. Its
     * idle timeout at removal says why ({@link FlowTimeouts}): an answering flow of a live
     * session comes back; otherwise the session ends, and the mapping with its last session.
     */
    List<OFMessage> flowRemoved(OFFlowRemoved removed, long now) {
        if (!Tables.isMappingCookie(removed.getCookie()) || removed.getReason() == OFFlowRemovedReason.DELETE) {
            return List.of();
        }
        long id = removed.getCookie().getValue();
        Optional<SessionMatch> tuple = SessionMatch.of(removed.getMatch());
        Optional<Mapping> m = nat.lookup(id);
        if (tuple.isEmpty() || m.isEmpty()) {
            return List.of();
        }
        boolean outbound = config.inLan(tuple.get().srcIp());
        Endpoint remote = remoteOf(tuple.get(), outbound);
        if (!sessions.contains(id, remote)) {
            return List.of(); // the session already ended with its other flow
        }
        FlowTimeouts timeouts = sessionFlows.timeouts();
        FlowTimeouts.AfterRemoval after = removed.getReason() == OFFlowRemovedReason.IDLE_TIMEOUT
                ? timeouts.afterIdleRemoval(
                        m.get().protocol(),
                        removed.getIdleTimeout(),
                        removed.getPacketCount().getValue())
                : FlowTimeouts.AfterRemoval.END_SESSION;
        switch (after) {
            case REINSTALL_ESTABLISHED:
                counters.count(NatEvent.SESSION_CONFIRMED_IDLE);
                return List.of(sessionFlows.reinstall(
                        m.get(), remote, outbound, timeouts.initiating(m.get().protocol())));
            case REINSTALL_UNCONFIRMED:
                counters.count(NatEvent.SESSION_ANSWER_IDLE);
                return List.of(sessionFlows.reinstall(m.get(), remote, outbound, removed.getIdleTimeout()));
            default:
                break;
        }
        List<OFMessage> out = new ArrayList<>(List.of(sessionFlows.removeOther(m.get(), remote, outbound)));
        counters.count(NatEvent.SESSION_ENDED_BY_SWITCH);
        if (sessions.remove(id, remote)) {
            nat.delete(id, now).ifPresent(gone -> log.removed(gone, MappingLog.Removal.FLOWS_REMOVED, now));
            counters.count(NatEvent.MAPPING_REMOVED_BY_SWITCH);
        }
        return out;
    }

    /** Deletes a mapping and its flows; the result is the mapping as it was, empty if unknown. */
    RouterChange<Optional<Mapping>> delete(long id, long now) {
        Optional<Mapping> deleted = nat.delete(id, now);
        deleted.ifPresent(m -> log.removed(m, MappingLog.Removal.DELETED_BY_API, now));
        return new RouterChange<>(deleted, deleted.isPresent() ? List.of(forget(id)) : List.of());
    }

    /** Removes a forward and the flows of the sessions it had opened; false if unknown. */
    RouterChange<Boolean> removeForward(ForwardRule rule, long now) {
        return nat.removeForward(rule, now)
                .map(removed ->
                        new RouterChange<>(true, forgetSessions(removed, MappingLog.Removal.FORWARD_REMOVED, now)))
                .orElseGet(() -> RouterChange.of(false));
    }

    /** Sessions the core already removed (with their forward): logged, and their flows deleted. */
    List<OFMessage> forgetSessions(List<Mapping> removed, MappingLog.Removal why, long now) {
        return removed.stream()
                .map(m -> {
                    log.removed(m, why, now);
                    return forget(m.id());
                })
                .toList();
    }

    /**
     * Replaces a forward in the core; the old rule's sessions lose their flows (their target may
     * change), logged as removed with the forward. No messages unless it was replaced.
     */
    RouterChange<ReplaceResult> replaceForward(ForwardRule old, ForwardRule replacement, long now) {
        ReplaceResult result = nat.replaceForward(old, replacement, now);
        if (!(result instanceof ReplaceResult.Replaced replaced)) {
            return new RouterChange<>(result, List.of());
        }
        List<OFMessage> out = new ArrayList<>();
        for (Mapping m : replaced.removedSessions()) {
            log.removed(m, MappingLog.Removal.FORWARD_REMOVED, now);
            out.add(forget(m.id()));
        }
        return new RouterChange<>(result, out);
    }

    /**
     * Rebuilds the mapping table from the session flows found in the switch. Flows the core
     * refuses (duplicates, conflicts) are deleted rather than kept half-known. The result is how
     * many mappings came back; the messages delete the refused flows.
     */
    RouterChange<Integer> restore(List<OFFlowStatsReply> replies, long now) {
        List<MappingRecord> records = new FlowReader(config).read(replies, now);
        RestoreReport report = nat.restore(records, now);
        // Every session with flows, not just the remotes the core keeps for filtering (bounded).
        Map<Long, List<Endpoint>> remotesById = new HashMap<>();
        records.forEach(r -> remotesById.putIfAbsent(r.id(), r.remotes()));
        for (Mapping m : report.restored()) {
            remotesById.get(m.id()).forEach(remote -> sessions.add(m.id(), remote));
            nat.holdInSwitch(m.id(), now); // its flows, still in the switch, keep their timeouts
        }
        // Delete exactly the refused record's flows: its id may equal a live mapping's cookie.
        var matches = FlowReader.matchesById(replies);
        List<OFMessage> out = new ArrayList<>();
        for (RestoreReport.Problem problem : report.problems()) {
            for (Match match : matches.getOrDefault(problem.record().id(), List.of())) {
                out.add(mods.deleteStrict(Tables.NAT, SessionFlows.PRIORITY, match));
            }
        }
        counters.count(NatEvent.MAPPING_RESTORED, report.restored().size());
        counters.count(NatEvent.MAPPING_RESTORE_REFUSED, report.problems().size());
        return new RouterChange<>(report.restored().size(), out);
    }

    private OFMessage forget(long mappingId) {
        sessions.removeAll(mappingId);
        return mods.deleteByCookie(U64.of(mappingId));
    }

    /** The remote end of a session flow: the destination of an outbound flow, the source of an inbound one. */
    private static Endpoint remoteOf(SessionMatch t, boolean outbound) {
        return outbound ? new Endpoint(t.dstIp(), t.dstPort()) : new Endpoint(t.srcIp(), t.srcPort());
    }
}
