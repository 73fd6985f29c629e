package io.natflow.controller;

/**
 * What one switch connection may make the controller hold. A connection that goes past a limit
 * is closed with a log line naming it (except {@code maxPendingRequests}, which refuses new
 * requests instead: those come from our own applications, not from the peer).
 *
 * @param maxConnections          OpenFlow connections open at once, in handshake or ready; more are closed at accept
 * @param maxPorts                ports one switch may report (PORT_DESC plus PORT_STATUS additions)
 * @param maxReplyParts           multipart reply parts buffered on one connection, over all requests waiting for
 *                                their last part (each part is at most 64 KiB on the wire)
 * @param maxPendingRequests      requests waiting for their reply on one connection; more fail at once
 * @param writeBufferLowWaterMark outbound bytes below which reading from the peer resumes
 * @param writeBufferHighWaterMark outbound bytes above which the controller stops reading from the peer
 * @param maxWriteQueueBytes      outbound bytes waiting to be sent above which the connection is closed
 */
public record ConnectionLimits(
        int maxConnections,
        int maxPorts,
        int maxReplyParts,
        int maxPendingRequests,
        int writeBufferLowWaterMark,
        int writeBufferHighWaterMark,
        long maxWriteQueueBytes) {

    public ConnectionLimits {
        requireAtLeast(1, maxConnections, "maxConnections");
        requireAtLeast(1, maxPorts, "maxPorts");
        requireAtLeast(1, maxReplyParts, "maxReplyParts");
        requireAtLeast(1, maxPendingRequests, "maxPendingRequests");
        requireAtLeast(1, writeBufferLowWaterMark, "writeBufferLowWaterMark");
        if (writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("writeBufferHighWaterMark (" + writeBufferHighWaterMark
                    + ") must be at least writeBufferLowWaterMark (" + writeBufferLowWaterMark + ")");
        }
        if (maxWriteQueueBytes <= writeBufferHighWaterMark) {
            throw new IllegalArgumentException("maxWriteQueueBytes (" + maxWriteQueueBytes
                    + ") must be above writeBufferHighWaterMark (" + writeBufferHighWaterMark + ")");
        }
    }

    /**
     * 512 connections; 1024 ports; 1024 reply parts (a flow-stats read of about 350,000 OVS flows);
     * 1024 pending requests; stop reading above 64 KiB queued, resume below 32 KiB (Netty's
     * defaults); close above 4 MiB queued.
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(512, 1024, 1024, 1024, 32 * 1024, 64 * 1024, 4L * 1024 * 1024);
    }

    private static void requireAtLeast(long min, long value, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }
}
