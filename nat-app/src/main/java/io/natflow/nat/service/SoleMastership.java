package io.natflow.nat.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Mastership of a natflow that runs alone (no {@code cluster:} section): every switch is granted
 * at once, on the caller's thread, with generation id 0 and no role request, so the switch
 * connection stays EQUAL as it always was.
 */
public final class SoleMastership implements Mastership {
    /** The instance id a natflow without a cluster section answers with in GET /api/cluster. */
    public static final String SELF = "local";

    private final String restUrl;
    private final LongSupplier clock;
    private final long since;
    /** Granted datapaths and since when (epoch milliseconds). */
    private final Map<Long, Long> granted = new ConcurrentHashMap<>();

    private volatile Listener listener;

    /** @param restUrl where this instance's REST application answers, or null if unknown */
    public SoleMastership(String restUrl, LongSupplier clock) {
        this.restUrl = restUrl;
        this.clock = clock;
        this.since = clock.getAsLong();
    }

    @Override
    public void listen(Listener l) {
        this.listener = l;
    }

    @Override
    public void compete(long datapathId) {
        if (granted.putIfAbsent(datapathId, clock.getAsLong()) == null && listener != null) {
            listener.becameMaster(datapathId, 0);
        }
    }

    @Override
    public void withdraw(long datapathId) {
        if (granted.remove(datapathId) != null && listener != null) {
            listener.lostMastership(datapathId);
        }
    }

    @Override
    public boolean requestsRoles() {
        return false;
    }

    @Override
    public String self() {
        return SELF;
    }

    @Override
    public String coordination() {
        return "DISABLED";
    }

    @Override
    public List<ClusterMember> members() {
        return List.of(new ClusterMember(SELF, restUrl, since));
    }

    @Override
    public Optional<MasterClaim> master(long datapathId) {
        Long grantedAt = granted.get(datapathId);
        return grantedAt == null ? Optional.empty() : Optional.of(new MasterClaim(SELF, 0, grantedAt));
    }
}
