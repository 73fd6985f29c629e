package io.natflow.nat.service;

/** No router is configured for the datapath id asked for. */
public final class UnknownRouterException extends RuntimeException {
    public UnknownRouterException(long datapathId) {
        super(String.format("no NAT router for datapath id %016x", datapathId));
    }
}
