package io.natflow.controller.session;

import io.natflow.controller.ConnectionDrop;
import io.natflow.controller.ConnectionLimits;
import io.natflow.controller.NotMasterException;
import io.natflow.controller.OpenFlowCounters;
import io.natflow.controller.OpenFlowErrorException;
import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.RoleRequestRefusedException;
import io.natflow.controller.SwitchPort;
import io.natflow.controller.SwitchRole;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.errormsg.OFRoleRequestFailedErrorMsg;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A switch that completed the handshake, bound to its Netty channel. */
public final class SwitchConnection implements OpenFlowSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchConnection.class);
    private static final Duration REFUSAL_LOG_PERIOD = Duration.ofSeconds(30);

    private final Channel channel;
    private final DatapathId datapathId;
    private final OFFactory factory;
    private final AtomicLong xids;
    private final Instant connectedSince;
    private final ConcurrentSkipListMap<Long, SwitchPort> ports = new ConcurrentSkipListMap<>();
    private final PendingRequests pending;
    private final int maxPorts;
    private final AtomicBoolean downAnnounced = new AtomicBoolean();
    /** Throttles the log lines about newcomers refused because this connection holds the id. */
    private final LogThrottle refusals;

    private final RoleState role = new RoleState();
    private final OpenFlowCounters counters;
    /** Throttles the log lines about writes refused while SLAVE. */
    private final LogThrottle notMasterLog;

    SwitchConnection(
            Channel channel,
            DatapathId datapathId,
            OFFactory factory,
            AtomicLong xids,
            Collection<OFPortDesc> initialPorts,
            SwitchSessionContext context) {
        ConnectionLimits limits = context.config().limits();
        this.channel = channel;
        this.datapathId = datapathId;
        this.factory = factory;
        this.xids = xids;
        this.connectedSince = Instant.now(context.clock());
        this.maxPorts = limits.maxPorts();
        this.pending = new PendingRequests(
                channel.eventLoop(),
                context.config().requestTimeout(),
                limits.maxPendingRequests(),
                limits.maxReplyParts(),
                context.counters());
        this.refusals = new LogThrottle(context.clock(), REFUSAL_LOG_PERIOD);
        this.counters = context.counters();
        this.notMasterLog = new LogThrottle(context.clock(), REFUSAL_LOG_PERIOD);
        initialPorts.forEach(this::updatePort);
    }

    @Override
    public DatapathId datapathId() {
        return datapathId;
    }

    @Override
    public OFFactory factory() {
        return factory;
    }

    @Override
    public List<SwitchPort> ports() {
        return List.copyOf(ports.values());
    }

    /** @throws ConnectionLimitException if this would be one port more than the limit */
    void updatePort(OFPortDesc desc) {
        SwitchPort port = SwitchPort.of(desc);
        if (ports.size() >= maxPorts && !ports.containsKey(port.number())) {
            throw new ConnectionLimitException(
                    ConnectionDrop.TOO_MANY_PORTS,
                    "reported more than " + maxPorts + " ports (openflow.limits.maxPorts)");
        }
        ports.put(port.number(), port);
    }

    void removePort(OFPortDesc desc) {
        ports.remove(SwitchPort.of(desc).number());
    }

    /** A port added, changed or deleted. */
    void applyPortStatus(OFPortStatus status) {
        if (status.getReason() == OFPortReason.DELETE) {
            removePort(status.getDesc());
        } else {
            updatePort(status.getDesc());
        }
    }

    @Override
    public Instant connectedSince() {
        return connectedSince;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public boolean isConnected() {
        return channel.isActive();
    }

    @Override
    public long nextXid() {
        return xids.incrementAndGet() & 0xffffffffL;
    }

    @Override
    public void write(List<? extends OFMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        if (!role.mayChangeState() && StateChangingMessages.count(messages) > 0) {
            refuseNotMaster(messages.size(), messages.get(0).getType().toString());
            return;
        }
        channel.writeAndFlush(messages).addListener(f -> {
            // After a close every queued write fails; the close itself was logged once.
            if (!f.isSuccess() && !(f.cause() instanceof ClosedChannelException)) {
                LOG.warn(
                        "write of {} message(s) to switch {} failed: {}",
                        messages.size(),
                        datapathId,
                        f.cause().toString());
            }
        });
    }

    private void refuseNotMaster(int messages, String what) {
        counters.writesRefusedNotMaster(messages);
        long held = notMasterLog.admit();
        if (held >= 0) {
            LOG.warn(
                    "{}: not sending {} message(s) ({} …): this connection is SLAVE ({} more refusals not logged)",
                    this,
                    messages,
                    what,
                    held);
        }
    }

    @Override
    public CompletableFuture<OFBarrierReply> barrier() {
        if (!role.mayChangeState()) {
            refuseNotMaster(1, "BARRIER_REQUEST");
            return CompletableFuture.failedFuture(new NotMasterException(this + " is SLAVE; barrier not sent"));
        }
        long xid = nextXid();
        CompletableFuture<OFBarrierReply> reply = pending.expectSingle(xid, OFBarrierReply.class);
        if (!reply.isDone()) { // done already: refused, too many requests pending
            write(factory.buildBarrierRequest().setXid(xid).build());
        }
        return reply;
    }

    @Override
    public <R extends OFStatsReply> CompletableFuture<List<R>> multipart(OFStatsRequest<R> request) {
        long xid = nextXid();
        CompletableFuture<List<R>> reply = pending.expectMultipart(xid);
        if (!reply.isDone()) { // done already: refused, too many requests pending
            write(request.createBuilder().setXid(xid).build());
        }
        return reply;
    }

    @Override
    public SwitchRole role() {
        return role.role();
    }

    @Override
    public CompletableFuture<OFRoleReply> requestRole(SwitchRole requested, long generationId) {
        long epoch = role.begin(requested);
        long xid = nextXid();
        CompletableFuture<OFRoleReply> reply = pending.expectSingle(xid, OFRoleReply.class);
        if (!reply.isDone()) {
            channel.writeAndFlush(factory.buildRoleRequest()
                    .setXid(xid)
                    .setRole(requested.wire())
                    .setGenerationId(U64.of(generationId))
                    .build());
        }
        return reply.handle((granted, failure) -> {
            if (failure != null) {
                throw new CompletionException(roleFailure(requested, generationId, failure));
            }
            SwitchRole now = SwitchRole.of(granted.getRole());
            if (role.granted(epoch, now, granted.getGenerationId().getValue(), now != SwitchRole.EQUAL)) {
                LOG.info(
                        "{}: role {} granted (generation id {})",
                        this,
                        now,
                        Long.toUnsignedString(granted.getGenerationId().getValue()));
            }
            return granted;
        });
    }

    private Throwable roleFailure(SwitchRole requested, long generationId, Throwable failure) {
        if (failure instanceof OpenFlowErrorException error
                && error.error() instanceof OFRoleRequestFailedErrorMsg refused) {
            RoleRequestRefusedException typed = new RoleRequestRefusedException(refused, requested, generationId);
            if (typed.isStale()) {
                counters.roleRequestStale();
                role.stepDown(); // a newer master exists: never write on its switch
            } else {
                counters.roleRequestRefused();
            }
            LOG.warn("{}: {}", this, typed.getMessage());
            return typed;
        }
        return failure;
    }

    @Override
    public void stepDown(String reason) {
        if (role.stepDown()) {
            LOG.warn("{}: stepping down to SLAVE, no more writes: {}", this, reason);
        }
    }

    /** The switch refused a write with OFPBRC_IS_SLAVE: another controller is master now. True if that was news. */
    boolean demotedBySwitch() {
        counters.demotedBySwitch();
        return role.stepDown();
    }

    /** Gives a reply to the request waiting for it; false if nobody waits for this xid. */
    boolean completeRequest(OFMessage message) {
        return pending.offer(message);
    }

    void failPendingRequests(Throwable cause) {
        pending.failAll(cause);
    }

    /** -1 if a refused newcomer should not be logged now, else how many refusals went unlogged before it. */
    long admitRefusalLog() {
        return refusals.admit();
    }

    /** True the first time only, so a replaced connection is announced down exactly once. */
    boolean markDownAnnounced() {
        return downAnnounced.compareAndSet(false, true);
    }

    @Override
    public void disconnect(String reason) {
        LOG.info("disconnecting switch {} ({}): {}", datapathId, channel.remoteAddress(), reason);
        channel.close();
    }

    @Override
    public String toString() {
        return "switch " + datapathId + " (" + channel.remoteAddress() + ")";
    }
}
