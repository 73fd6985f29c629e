package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardLease;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Mapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapping log an operator needs to answer "who had public address P, port Q at time T"
 * (RFC 6888 REQ-12): one key=value line per mapping created and removed, on the logger
 * {@code io.natflow.mappings}, so it can be routed to its own file or turned off in the
 * logging configuration.
 */
final class MappingLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.natflow.mappings");

    enum Removal {
        EXPIRED,
        FLOWS_REMOVED,
        DELETED_BY_API,
        FORWARD_REMOVED,
        LEASE_EXPIRED,
        LEASE_DELETED
    }

    private final long datapathId;

    MappingLog(long datapathId) {
        this.datapathId = datapathId;
    }

    void created(Mapping m, Endpoint remote, long now) {
        if (LOG.isInfoEnabled()) {
            LOG.info(
                    "event=created switch={} id={} proto={} internal={} public={} remote={} origin={} at={}",
                    Long.toHexString(datapathId),
                    m.id(),
                    m.protocol(),
                    endpoint(m.internalIp(), m.internalPort()),
                    endpoint(m.publicIp(), m.publicPort()),
                    endpoint(remote.ip(), remote.port()),
                    m.origin(),
                    now);
        }
    }

    void removed(Mapping m, Removal why, long now) {
        if (LOG.isInfoEnabled()) {
            LOG.info(
                    "event=removed switch={} id={} proto={} internal={} public={} reason={} lived_ms={} at={}",
                    Long.toHexString(datapathId),
                    m.id(),
                    m.protocol(),
                    endpoint(m.internalIp(), m.internalPort()),
                    endpoint(m.publicIp(), m.publicPort()),
                    why,
                    now - m.createdAt(),
                    now);
        }
    }

    /**
     * A host leased a forward (PCP, NAT-PMP): the same keys as a mapping's line, {@code id=-} (a
     * lease is not a mapping; its sessions get lines of their own), {@code remote=any}.
     */
    void leased(ForwardLease l, long now) {
        if (LOG.isInfoEnabled()) {
            LOG.info(
                    "event=created switch={} id=- proto={} internal={} public={} remote=any origin={} expires_at={} at={}",
                    Long.toHexString(datapathId),
                    l.rule().protocol(),
                    endpoint(l.rule().internalIp(), l.rule().internalPort()),
                    endpoint(l.rule().publicIp(), l.rule().publicPort()),
                    l.source(),
                    l.expiresAt(),
                    now);
        }
    }

    void leaseEnded(ForwardLease l, Removal why, long now) {
        if (LOG.isInfoEnabled()) {
            LOG.info(
                    "event=removed switch={} id=- proto={} internal={} public={} origin={} reason={} lived_ms={} at={}",
                    Long.toHexString(datapathId),
                    l.rule().protocol(),
                    endpoint(l.rule().internalIp(), l.rule().internalPort()),
                    endpoint(l.rule().publicIp(), l.rule().publicPort()),
                    l.source(),
                    why,
                    now - l.createdAt(),
                    now);
        }
    }

    private static String endpoint(int ip, int port) {
        return Ipv4.format(ip) + ":" + port;
    }
}
