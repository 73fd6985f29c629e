package io.natflow.controller;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
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

    /** Writes the messages in order with a single flush. */
    void write(List<? extends OFMessage> messages);

    default void write(OFMessage message) {
        write(List.of(message));
    }

    /** Completes when the switch has processed everything sent before the barrier. */
    CompletableFuture<OFBarrierReply> barrier();

    /**
     * Sends a multipart request and completes with every part of the reply, in order, once the
     * last part (without the REPLY_MORE flag) arrives. Fails with {@link OpenFlowErrorException}
     * if the switch answers with an error, or on timeout or disconnect.
     */
    <R extends OFStatsReply> CompletableFuture<List<R>> multipart(OFStatsRequest<R> request);

    /** Closes the connection; {@link SwitchListener#switchDown} follows. */
    void disconnect(String reason);
}
