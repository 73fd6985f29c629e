package io.natflow.nat.core;

/**
 * Bounds the state one host and one mapping can hold (RFC 6888 REQ-5): a session is one remote
 * endpoint of a mapping with its own flows in the switch, and the switch layer reports each one
 * opened and closed. New sessions are refused at a limit; a live one is never evicted. The
 * per-host count covers the host's dynamic mappings (what it opened itself); sessions of forward
 * and DMZ mappings are bounded per mapping.
 */
final class SessionLimits {
    private final NatConfig config;
    private final MappingTable table;

    SessionLimits(NatConfig config, MappingTable table) {
        this.config = config;
        this.table = table;
    }

    /** Why another session may not open on {@code m}, or null if it may. */
    RefuseReason admit(Mapping m) {
        if (m.sessions() >= config.perMappingSessions()) {
            return RefuseReason.SESSIONS_PER_MAPPING;
        }
        if (m.origin() == Origin.DYNAMIC && hostFull(table.hosts.find(m.internalIp()))) {
            return RefuseReason.SESSIONS_PER_HOST;
        }
        return null;
    }

    /** A new mapping brings a new session: a host at its limit gets neither. */
    boolean hostFull(HostTable.Host host) {
        return host != null && host.sessions >= config.perHostSessions();
    }

    /** Counts a session opened on mapping {@code id} (restored ones too, whatever the limits). */
    void opened(long id) {
        Mapping m = table.byId(id);
        if (m != null) {
            change(m, 1);
        }
    }

    /** {@code count} sessions of mapping {@code id} ended; nothing if the mapping went (its sessions with it). */
    void closed(long id, int count) {
        Mapping m = table.byId(id);
        if (m != null) {
            change(m, -Math.min(count, m.sessions()));
        }
    }

    private void change(Mapping m, int delta) {
        m.sessions(m.sessions() + delta);
        if (m.origin() == Origin.DYNAMIC) {
            HostTable.Host host = table.hosts.find(m.internalIp());
            if (host != null) {
                host.sessions += delta;
            }
        }
    }
}
