package io.natflow.controller.session;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchPort;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A switch that completed the handshake, bound to its Netty channel. */
public final class SwitchConnection implements OpenFlowSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchConnection.class);

    private final Channel channel;
    private final DatapathId datapathId;
    private final OFFactory factory;
    private final AtomicLong xids;
    private final Instant connectedSince;
    private final ConcurrentSkipListMap<Long, SwitchPort> ports = new ConcurrentSkipListMap<>();
    private final PendingRequests pending;
    private final AtomicBoolean downAnnounced = new AtomicBoolean();

    SwitchConnection(Channel channel, DatapathId datapathId, OFFactory factory, AtomicLong xids,
                     Collection<OFPortDesc> initialPorts, Instant connectedSince, Duration requestTimeout) {
        this.channel = channel;
        this.datapathId = datapathId;
        this.factory = factory;
        this.xids = xids;
        this.connectedSince = connectedSince;
        this.pending = new PendingRequests(channel.eventLoop(), requestTimeout);
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

    void updatePort(OFPortDesc desc) {
        SwitchPort port = SwitchPort.of(desc);
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
        channel.writeAndFlush(messages).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("write of {} message(s) to switch {} failed: {}", messages.size(), datapathId, f.cause().toString());
            }
        });
    }

    @Override
    public CompletableFuture<OFBarrierReply> barrier() {
        long xid = nextXid();
        CompletableFuture<OFBarrierReply> reply = pending.expectSingle(xid, OFBarrierReply.class);
        write(factory.buildBarrierRequest().setXid(xid).build());
        return reply;
    }

    @Override
    public <R extends OFStatsReply> CompletableFuture<List<R>> multipart(OFStatsRequest<R> request) {
        long xid = nextXid();
        CompletableFuture<List<R>> reply = pending.expectMultipart(xid);
        write(request.createBuilder().setXid(xid).build());
        return reply;
    }

    /** Gives a reply to the request waiting for it; false if nobody waits for this xid. */
    boolean completeRequest(OFMessage message) {
        return pending.offer(message);
    }

    void failPendingRequests(Throwable cause) {
        pending.failAll(cause);
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
