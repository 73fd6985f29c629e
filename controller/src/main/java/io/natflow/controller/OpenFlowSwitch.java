package io.natflow.controller;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.types.DatapathId;

/** A connected switch that completed the handshake. Safe to use from any thread. */
public interface OpenFlowSwitch {

    DatapathId datapathId();

    /** The factory of the negotiated version (always OpenFlow 1.3 today). */
    OFFactory factory();

    /** Ports by number, as last reported by PORT_DESC and PORT_STATUS. */
    List<SwitchPort> ports();

    Instant connectedSince();

    SocketAddress remoteAddress();

    boolean isConnected();

    long nextXid();

    /**
     * Writes the messages in order with a single flush. While the role is {@link SwitchRole#SLAVE}
     * a batch holding any state-changing message (FLOW_MOD, PACKET_OUT, GROUP_MOD, METER_MOD,
     * PORT_MOD, TABLE_MOD, SET_CONFIG, EXPERIMENTER) is not sent at all, and counted
     * ({@link OpenFlowCounters#writesRefusedNotMaster()}).
     */
    void write(List<? extends OFMessage> messages);

    default void write(OFMessage message) {
        write(List.of(message));
    }

    /**
     * Completes when the switch has processed everything sent before the barrier. Fails at once
     * with {@link NotMasterException} while the role is SLAVE: writes before it may have been refused.
     */
    CompletableFuture<OFBarrierReply> barrier();

    /**
     * Sends a multipart request and completes with every part of the reply, in order, once the
     * last part (without the REPLY_MORE flag) arrives. Fails with {@link OpenFlowErrorException}
     * if the switch answers with an error, or on timeout or disconnect.
     */
    <R extends OFStatsReply> CompletableFuture<List<R>> multipart(OFStatsRequest<R> request);

    /** This connection's role as last granted by the switch (EQUAL until a role is requested). */
    SwitchRole role();

    /**
     * Sends ROLE_REQUEST and completes with the switch's ROLE_REPLY, after which {@link #role()}
     * is the granted role. A request for SLAVE stops state-changing writes at once, before the
     * reply. A refusal (OFPET_ROLE_REQUEST_FAILED) fails with {@link RoleRequestRefusedException};
     * a stale generation id also sets the role to SLAVE. Generation ids compare as the switch
     * does: by signed 64-bit difference, so they may wrap.
     */
    CompletableFuture<OFRoleReply> requestRole(SwitchRole role, long generationId);

    /**
     * Stops state-changing writes at once without asking the switch (the coordination service is
     * gone, so no fresh generation id can be had); role requests in flight no longer apply.
     */
    void stepDown(String reason);

    /** Closes the connection; {@link SwitchListener#switchDown} follows. */
    void disconnect(String reason);
}
