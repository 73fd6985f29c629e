package io.natflow.nat.service;

import java.util.List;

/**
 * A virtual server rule's live state: its servers with their counters and the table of which
 * client went to which server.
 *
 * @param live        sessions of this rule now (the listing may hold fewer: {@code sessions} is bounded)
 * @param tableSize   sessions of every virtual server of the router
 * @param capacity    the most sessions the router's table holds
 * @param refused     new connections refused because the table was full (every rule)
 * @param fromSwitch  whether live sessions' packets and bytes were read from the switch
 */
public record VirtualServerListing(
        long datapathId,
        int rule,
        List<Server> servers,
        List<Session> sessions,
        int live,
        int tableSize,
        int capacity,
        long refused,
        boolean fromSwitch) {
    public VirtualServerListing {
        servers = List.copyOf(servers);
        sessions = List.copyOf(sessions);
    }

    /**
     * One server.
     *
     * @param listed  false for a removed server whose sessions still live
     * @param chosen  connections given to it
     * @param live    its sessions now
     * @param packets packets of its sessions' flows, both ways (ended and live)
     * @param bytes   bytes of those packets
     */
    public record Server(String address, int port, boolean listed, long chosen, int live, long packets, long bytes) {}

    /** One client connection on its server; {@code openedAt} in the router's clock (epoch milliseconds). */
    public record Session(
            long id,
            String protocol,
            String clientAddress,
            int clientPort,
            String serverAddress,
            int serverPort,
            long openedAt,
            long packets,
            long bytes) {}
}
