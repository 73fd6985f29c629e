package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.MappingRecord;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.core.RestoreReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
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
    private final SessionCloser closer;

    MappingLifecycle(RouterConfig config, Nat nat, Sessions sessions, SessionFlows sessionFlows, FlowMods mods,
                     NatCounters counters, MappingLog log, SessionCloser closer) {
        this.config = config;
        this.nat = nat;
        this.sessions = sessions;
        this.sessionFlows = sessionFlows;
        this.mods = mods;
        this.counters = counters;
        this.log = log;
        this.closer = closer;
    }

    /**
     * Mappings whose timer ran out lose their flows (one delete by cookie each); closed sessions
     * of shared mappings lose theirs, and the mapping goes with its last session.
     */
    List<OFMessage> expire(long now) {
        List<OFMessage> out = new ArrayList<>();
        for (SessionCloser.Due due : closer.due(now)) {
            nat.lookup(due.mappingId()).ifPresent(m -> {
                out.addAll(sessionFlows.remove(m, due.remote()));
                counters.increment("session_closed");
                if (sessions.remove(m.id(), due.remote())) {
                    nat.delete(m.id(), now).ifPresent(gone -> log.removed(gone, MappingLog.Removal.EXPIRED, now));
                }
            });
        }
        for (Mapping m : nat.expire(now)) {
            log.removed(m, MappingLog.Removal.EXPIRED, now);
            out.add(forget(m.id()));
            counters.increment("mapping_expired");
        }
        return out;
    }

    /**
     * A flow went away. Removals we asked for are already accounted for. An idle removal of a
     * session whose mapping the core still holds alive (refreshed by the other direction) is
     * reinstalled; otherwise the session goes, and with its last session the mapping.
     */
    List<OFMessage> flowRemoved(OFFlowRemoved removed, long now) {
        if (!Tables.isMappingCookie(removed.getCookie()) || removed.getReason() == OFFlowRemovedReason.DELETE) {
            return List.of();
        }
        long id = removed.getCookie().getValue();
        Optional<Endpoint> remote = remoteOf(removed.getMatch());
        Optional<Mapping> m = nat.lookup(id);
        if (remote.isEmpty() || m.isEmpty()) {
            return List.of();
        }
        if (m.get().expiresAt() > now && sessions.contains(id, remote.get())) {
            return sessionFlows.install(m.get(), remote.get(), SessionFlows.idleSeconds(config, m.get().protocol()));
        }
        List<OFMessage> out = new ArrayList<>(sessionFlows.remove(m.get(), remote.get()));
        if (sessions.remove(id, remote.get())) {
            nat.delete(id, now).ifPresent(gone -> log.removed(gone, MappingLog.Removal.FLOWS_REMOVED, now));
            counters.increment("mapping_removed_by_switch");
        }
        return out;
    }

    Optional<List<OFMessage>> delete(long id, long now) {
        return nat.delete(id, now).map(m -> {
            log.removed(m, MappingLog.Removal.DELETED_BY_API, now);
            return List.of(forget(id));
        });
    }

    /** Removes a forward and the flows of the sessions it had opened; empty if unknown. */
    Optional<List<OFMessage>> removeForward(ForwardRule rule, long now) {
        return nat.removeForward(rule, now).map(removed -> removed.stream().map(m -> {
            log.removed(m, MappingLog.Removal.FORWARD_REMOVED, now);
            return forget(m.id());
        }).toList());
    }

    /**
     * Replaces a forward in the core; the old rule's sessions lose their flows (their target may
     * change), logged as removed with the forward. No messages unless it was replaced.
     */
    NatApp.Change<ReplaceResult> replaceForward(ForwardRule old, ForwardRule replacement, long now) {
        ReplaceResult result = nat.replaceForward(old, replacement, now);
        if (!(result instanceof ReplaceResult.Replaced replaced)) {
            return new NatApp.Change<>(result, List.of());
        }
        List<OFMessage> out = new ArrayList<>();
        for (Mapping m : replaced.removedSessions()) {
            log.removed(m, MappingLog.Removal.FORWARD_REMOVED, now);
            out.add(forget(m.id()));
        }
        return new NatApp.Change<>(result, out);
    }

    /**
     * Rebuilds the mapping table from the session flows found in the switch. Flows the core
     * refuses (duplicates, conflicts) are deleted rather than kept half-known.
     */
    List<OFMessage> restore(List<OFFlowStatsReply> replies, long now, IntConsumer restored) {
        List<MappingRecord> records = new FlowReader(config).read(replies, now);
        RestoreReport report = nat.restore(records, now);
        // Every session with flows, not just the remotes the core keeps for filtering (bounded).
        Map<Long, List<Endpoint>> remotesById = new HashMap<>();
        records.forEach(r -> remotesById.putIfAbsent(r.id(), r.remotes()));
        for (Mapping m : report.restored()) {
            remotesById.get(m.id()).forEach(remote -> sessions.add(m.id(), remote));
        }
        // Delete exactly the refused record's flows: its id may equal a live mapping's cookie.
        var matches = FlowReader.matchesById(replies);
        List<OFMessage> out = new ArrayList<>();
        for (RestoreReport.Problem problem : report.problems()) {
            for (Match match : matches.getOrDefault(problem.record().id(), List.of())) {
                out.add(mods.deleteStrict(Tables.NAT, SessionFlows.PRIORITY, match));
            }
        }
        restored.accept(report.restored().size());
        counters.add("mapping_restored", report.restored().size());
        counters.add("mapping_restore_refused", report.problems().size());
        return out;
    }

    private OFMessage forget(long mappingId) {
        sessions.removeAll(mappingId);
        closer.forget(mappingId);
        return mods.deleteByCookie(U64.of(mappingId));
    }

    /** The remote end of a session flow: the destination of an outbound flow, the source of an inbound one. */
    private Optional<Endpoint> remoteOf(Match match) {
        return SessionMatch.of(match).map(t -> config.inLan(t.srcIp())
                ? new Endpoint(t.dstIp(), t.dstPort())
                : new Endpoint(t.srcIp(), t.srcPort()));
    }
}
